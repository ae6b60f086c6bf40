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

    @Test func layoutNamesEveryGovPushTopicWithItsSettings() {
        var layout = GovPushTopics()
        layout.deliveryPartitions = 24
        layout.commonConfigs = ["min.insync.replicas": "2"]
        let specs = Dictionary(uniqueKeysWithValues: layout.specs.map { ($0.name, $0) })
        for expected in ["govpush.events", "govpush.deliveries.webhook", "govpush.deliveries.sms.retry-1", "govpush.deliveries.sms.retry-3", "govpush.dlq", "govpush.delivery-status", "govpush.subscribers"] {
            #expect(specs[expected] != nil, "missing \(expected)")
        }
        #expect(specs["govpush.deliveries.email"]?.partitions == 24)
        #expect(specs["govpush.subscribers"]?.configs == ["cleanup.policy": "compact", "min.insync.replicas": "2"])
        #expect(specs["govpush.events"]?.configs == ["min.insync.replicas": "2"])
        #expect(specs.values.allSatisfy { $0.replicationFactor == 3 })
    }

    @Test func embeddedClusterCarriesTheLayout() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let layout = GovPushTopics()
        for spec in layout.specs { try cluster.createTopic(spec) }
        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        let metadata = try await admin.metadata()
        #expect(metadata.missing(layout.specs.map(\.name)).isEmpty)
        #expect(metadata.topics[GovPushTopics.events]?.partitionCount == layout.eventPartitions)
        #expect(metadata.brokers.count == 3)
        await admin.close()
    }
}
