import GovPushKafka
import GovPushTesting
import Testing

@Suite struct RoundTripTests {
    @Test func recordsKeepKeysHeadersAndPerKeyOrder() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let topic = try cluster.makeTopic(partitions: 4)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let keys = ["policy-1", "policy-2", "incident-7"]
        var messages: [KafkaProducerMessage] = []
        for sequence in 0..<50 {
            for key in keys {
                messages.append(KafkaProducerMessage(
                    topic: topic, key: key, value: "\(key)#\(sequence)",
                    headers: [KafkaHeader(name: "ce_type", string: "cn.gov.disclosure.policy.published"), KafkaHeader(name: "seq", string: "\(sequence)")]
                ))
            }
        }
        let single = try await producer.send(messages.removeFirst())
        #expect(single.topic == topic && single.offset >= 0)
        let report = try await producer.send(batch: messages)
        #expect(report.delivered == messages.count && report.failures.isEmpty)
        await producer.close()

        let consumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [topic]))
        var seen: [String: [Int]] = [:]
        var partitionOfKey: [String: Int32] = [:]
        for message in try await consumer.next(150) {
            let key = String(decoding: message.key ?? [], as: UTF8.self)
            let value = String(decoding: message.value, as: UTF8.self)
            #expect(message.headers.string("ce_type") == "cn.gov.disclosure.policy.published")
            let sequence = Int(message.headers.string("seq") ?? "") ?? -1
            #expect(value == "\(key)#\(sequence)")
            #expect(partitionOfKey[key, default: message.partition] == message.partition, "a key stays in one partition")
            partitionOfKey[key] = message.partition
            seen[key, default: []].append(sequence)
            try consumer.store(message)
        }
        try await consumer.commit()
        try await consumer.close()
        for key in keys { #expect(seen[key] == Array(0..<50), "per-key order for \(key)") }
    }
}

@Suite struct ConsumerBatchTests {
    @Test func batchesCarryEveryRecordOnceInPartitionOrder() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 2)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        try await producer.send(batch: (0..<1_000).map { KafkaProducerMessage(topic: topic, key: "k\($0 % 5)", value: "\($0)") }).check()
        await producer.close()
        var configuration = cluster.consumerConfiguration(topics: [topic])
        configuration.fetchBatchSize = 64
        let consumer = try await KafkaConsumer.connect(configuration)
        var values: [String: [Int]] = [:]
        var total = 0
        for try await batch in consumer.batches {
            #expect(!batch.isEmpty && batch.count <= 64)
            for message in batch { values[String(decoding: message.key ?? [], as: UTF8.self), default: []].append(Int(String(decoding: message.value, as: UTF8.self))!) }
            try consumer.store(batch)
            total += batch.count
            if total == 1_000 { break }
        }
        try await consumer.commit()
        let committed = try await consumer.committed([KafkaTopicPartition(topic: topic, partition: 0), KafkaTopicPartition(topic: topic, partition: 1)])
        try await consumer.close()
        #expect(total == 1_000)
        #expect(committed.values.reduce(0, +) == 1_000, "every partition's offset was stored")
        for (key, sequence) in values { #expect(sequence == sequence.sorted(), "order of \(key)") }
    }
}
