import Foundation
import GovPushKafka

/// A topic (and consumer group) name no other test uses, so tests can share one cluster.
public func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

extension EmbeddedKafkaCluster {
    /// Creates a fresh topic with a unique name and returns the name.
    public func makeTopic(_ prefix: String = "test", partitions: Int = 3, replicationFactor: Int = 1) throws -> String {
        let name = uniqueName(prefix)
        try createTopic(KafkaTopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor))
        return name
    }

    public func producerConfiguration() -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
    }

    public func consumerConfiguration(group: String = uniqueName("group"), topics: [String]) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: group, topics: topics)
        // The mock cluster rebalances fast; keep group tests short.
        configuration.sessionTimeout = .seconds(6)
        return configuration
    }
}
