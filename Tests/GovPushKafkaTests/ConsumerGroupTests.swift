import GovPushKafka
import GovPushTesting
import Testing

@Suite struct ConsumerGroupTests {
    /// Two members split the partitions; when one leaves, the other takes its partitions over from the
    /// committed offsets: every record processed exactly once.
    @Test(arguments: [KafkaConsumerConfiguration.AssignmentStrategy.cooperativeSticky, .range])
    func membersSplitAndTakeOverWithoutLossOrRepeat(strategy: KafkaConsumerConfiguration.AssignmentStrategy) async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let topic = try cluster.makeTopic(partitions: 4, replicationFactor: 3)
        var configuration = cluster.consumerConfiguration(topics: [topic])
        configuration.assignmentStrategy = strategy
        let log = ConsumedLog()
        let first = try await KafkaConsumer.connect(configuration)
        let second = try await KafkaConsumer.connect(configuration)
        let firstTask = Task { try await first.consumeAndCommit(into: log, as: "first") }
        let secondTask = Task { try await second.consumeAndCommit(into: log, as: "second") }

        let split = try await eventually(timeout: .seconds(90)) {
            let a = try first.assignment(), b = try second.assignment()
            return a.count == 2 && b.count == 2 && Set(a).isDisjoint(with: b)
        }
        #expect(split, "each member holds two of the four partitions")

        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        try await producer.send(batch: (0..<200).map { KafkaProducerMessage(topic: topic, key: "k\($0 % 16)", value: "a\($0)") }).check()
        #expect(try await eventually { log.count == 200 })
        #expect(Set(log.all.map(\.member)) == ["first", "second"], "both members did work")

        // The first member stops after its current record and leaves the group.
        firstTask.cancel()
        try await firstTask.value
        try await first.close()
        #expect(try await eventually(timeout: .seconds(30)) { try second.assignment().count == 4 })

        try await producer.send(batch: (0..<200).map { KafkaProducerMessage(topic: topic, key: "k\($0 % 16)", value: "b\($0)") }).check()
        #expect(try await eventually { log.count >= 400 })
        secondTask.cancel()
        try await secondTask.value
        try await second.close()
        await producer.close()

        #expect(log.duplicates.isEmpty, "records processed twice: \(log.duplicates.prefix(5))")
        #expect(Set(log.all.map(\.value)) == Set((0..<200).map { "a\($0)" } + (0..<200).map { "b\($0)" }))
    }

    /// A new member of the group starts exactly after the offsets committed by a closed one.
    @Test func committedOffsetsSurviveTheMember() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 1)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        try await producer.send(batch: (0..<10).map { KafkaProducerMessage(topic: topic, key: nil, value: "m\($0)") }).check()
        await producer.close()
        let configuration = cluster.consumerConfiguration(topics: [topic])

        let first = try await KafkaConsumer.connect(configuration)
        var processed = 0
        for try await message in first.messages {
            try first.store(message)
            processed += 1
            if processed == 4 { break }
        }
        try await first.close()  // commits what was stored

        let second = try await KafkaConsumer.connect(configuration)
        var iterator = second.messages.makeAsyncIterator()
        let next = try await iterator.next()
        #expect(next.map { String(decoding: $0.value, as: UTF8.self) } == "m4")
        #expect(try await second.committed([KafkaTopicPartition(topic: topic, partition: 0)]) == [KafkaTopicPartition(topic: topic, partition: 0): 4])
        try await second.close()
    }
}
