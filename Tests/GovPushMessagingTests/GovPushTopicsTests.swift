import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushTesting
import Testing

@Suite struct GovPushTopicsTests {
    @Test func layoutNamesEveryGovPushTopicWithItsSettings() {
        var layout = GovPushTopics()
        layout.deliveryPartitions = 24
        layout.commonConfigs = ["min.insync.replicas": "2"]
        let specs = Dictionary(uniqueKeysWithValues: layout.specs.map { ($0.name, $0) })
        for expected in ["govpush.events", "govpush.deliveries.app", "govpush.deliveries.sms.retry-1", "govpush.deliveries.sms.retry-3", "govpush.dlq", "govpush.delivery-status", "govpush.subscribers"] {
            #expect(specs[expected] != nil, "missing \(expected)")
        }
        #expect(specs["govpush.deliveries.email"]?.partitions == 24)
        #expect(specs["govpush.subscribers"]?.configs == ["cleanup.policy": "compact", "min.insync.replicas": "2"])
        #expect(specs["govpush.events"]?.configs == ["min.insync.replicas": "2"])
        #expect(specs.values.allSatisfy { $0.replicationFactor == 3 })
    }

    @Test func everyChannelKindHasItsDeliveryAndRetryTopics() {
        let names = Set(GovPushTopics().specs.map(\.name))
        for channel in ChannelKind.allCases {
            #expect(names.contains("govpush.deliveries.\(channel.rawValue)"))
            for tier in GovPushTopics.retryDelays.indices { #expect(names.contains(GovPushTopics.retry(channel, tier: tier))) }
        }
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
