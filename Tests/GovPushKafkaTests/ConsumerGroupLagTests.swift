import GovPushKafka
import GovPushTesting
import Testing

/// Consumer lag (for `/metrics` and the dispatcher's backpressure): high watermarks minus the group's
/// committed offsets, measured from outside the group.
@Suite struct ConsumerGroupLagTests {
    @Test func lagIsWhatTheGroupHasNotCommittedYet() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 2)
        let configuration = cluster.consumerConfiguration(topics: [topic])
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        try await producer.send(batch: (0..<10).map { KafkaProducerMessage(topic: topic, key: "k\($0)", value: "v\($0)") }).check()
        await producer.close()
        let lag = try KafkaGroupLag.connect(bootstrapServers: cluster.bootstrapServers, group: configuration.groupID)
        // Nothing committed: every record counts.
        #expect(try await lag.lag(topic: topic) == 10)

        let consumer = try await KafkaConsumer.connect(configuration)
        for message in try await consumer.next(4) { try await consumer.commit(message) }
        // Measuring does not join the group: the member keeps its partitions.
        #expect(try await lag.lag(topic: topic) == 6)
        #expect(try consumer.assignment().count == 2)
        try await consumer.close()

        await #expect(throws: KafkaError.self) {
            try await lag.lag(topic: "no-such-topic")
        }
        await lag.close()
    }
}
