import GovPushKafka
import GovPushTesting
import Testing

@Suite struct AdminTests {
    @Test func refusesNonsenseSpecsBeforeAskingTheCluster() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([KafkaTopicSpec(name: "x", partitions: 0, replicationFactor: 1)])
        }
        #expect(error?.message == "topic x: partitions must be positive, got 0")
        await admin.close()
    }

    /// librdkafka 2.0's mock cluster implements no CreateTopics: the admin's error says what to do.
    @Test func explainsAClusterWithoutController() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([KafkaTopicSpec(name: uniqueName("t"), partitions: 1, replicationFactor: 1)], timeout: .seconds(2))
        }
        #expect(error?.name == "_TIMED_OUT")
        #expect(error?.message.contains("creates GovPush's topics itself") == true)
        await admin.close()
    }

}
