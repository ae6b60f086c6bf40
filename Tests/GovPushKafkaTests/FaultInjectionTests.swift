import CRdKafka
import GovPushKafka
import GovPushTesting
import Testing

/// Faults injected through the mock cluster's API: the idempotent producer and the committing consumer
/// lose nothing and duplicate nothing.
@Suite struct FaultInjectionTests {
    @Test func brokerDownAndUpWhileProducingAndConsuming() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let topic = try cluster.makeTopic(partitions: 6, replicationFactor: 3)
        let log = ConsumedLog()
        let consumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [topic]))
        let consuming = Task { try await consumer.consumeAndCommit(into: log, as: "consumer") }
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())

        let total = 3000
        func batch(_ round: Int) -> [KafkaProducerMessage] {
            (round * 500..<(round + 1) * 500).map { KafkaProducerMessage(topic: topic, key: "key-\($0 % 50)", value: "v\($0)") }
        }
        try await producer.send(batch: batch(0)).check()
        // A broker goes down while records are in flight; its partitions wait for it and then flow.
        try cluster.setBrokerDown(2)
        let inFlight = Task { try await producer.send(batch: batch(1)) }
        try await Task.sleep(for: .seconds(2))
        try cluster.setBrokerUp(2)
        try await inFlight.value.check()
        try await producer.send(batch: batch(2)).check()
        // Failover: leadership moves to broker 1, then broker 3 goes down and comes back.
        for partition in Int32(0)..<6 { try cluster.setPartitionLeader(topic: topic, partition: partition, broker: 1) }
        try cluster.setBrokerDown(3)
        try await producer.send(batch: batch(3)).check()
        try await producer.send(batch: batch(4)).check()
        try cluster.setBrokerUp(3)
        try await producer.send(batch: batch(5)).check()
        await producer.close()
        #expect(try await eventually(timeout: .seconds(60)) { log.count >= total })
        consuming.cancel()
        try await consuming.value
        try await consumer.close()
        #expect(log.duplicates.isEmpty)
        #expect(Set(log.all.map(\.value)) == Set((0..<total).map { "v\($0)" }))
    }

    @Test func injectedProduceErrorsAreRetriedWithoutDuplicates() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let topic = try cluster.makeTopic(partitions: 3, replicationFactor: 3)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        try await producer.send(KafkaProducerMessage(topic: topic, key: "warm-up", value: "v-warm-up"))
        cluster.pushRequestErrors(.produce, [
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        ])
        let messages = (0..<500).map { KafkaProducerMessage(topic: topic, key: "key-\($0 % 7)", value: "v\($0)") }
        try await producer.send(batch: messages).check()
        await producer.close()

        let log = ConsumedLog()
        let consumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [topic]))
        let consuming = Task { try await consumer.consumeAndCommit(into: log, as: "consumer") }
        #expect(try await eventually { log.count >= 501 })
        consuming.cancel()
        try await consuming.value
        try await consumer.close()
        #expect(log.duplicates.isEmpty)
        #expect(log.count == 501)
    }

    @Test func aNonRetriableProduceErrorFailsThatRecordWithLibrdkafkasCode() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 1)
        var configuration = cluster.producerConfiguration()
        configuration.idempotent = false
        let producer = try await KafkaProducer.connect(configuration)
        try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "warm-up"))
        cluster.pushRequestErrors(.produce, [RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE])
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "rejected"))
        }
        #expect(error?.name == "MSG_SIZE_TOO_LARGE")
        #expect(error?.message.contains("delivery to \(topic)") == true)
        await producer.close()
    }
}
