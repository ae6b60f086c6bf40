import GovPushKafka
import GovPushMessaging
import GovPushTesting

extension EmbeddedKafkaCluster {
    /// One broker with GovPush's topics, three partitions per delivery topic: the pipeline tests' cluster.
    static func withGovPushTopics() throws -> EmbeddedKafkaCluster {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        var layout = GovPushTopics()
        layout.replicationFactor = 1
        layout.deliveryPartitions = 3
        for spec in layout.specs { try cluster.createTopic(spec) }
        return cluster
    }
}
