import ArgumentParser
import GovPushKafka
import GovPushMessaging

/// Partition counts and replication for GovPush's topics, shared by `cluster` and `topics create`.
struct TopicLayoutOptions: ParsableArguments {
    @Option(help: "Partitions of govpush.events.") var eventPartitions = GovPushTopics().eventPartitions
    @Option(help: "Partitions of each govpush.deliveries.<channel> topic.") var deliveryPartitions = GovPushTopics().deliveryPartitions
    @Option(help: "Partitions of each retry topic.") var retryPartitions = GovPushTopics().retryPartitions
    @Option(help: "Partitions of govpush.delivery-status.") var statusPartitions = GovPushTopics().statusPartitions
    @Option(help: "Partitions of govpush.dlq.") var deadLetterPartitions = GovPushTopics().deadLetterPartitions
    @Option(help: "Partitions of the compacted govpush.subscribers changelog.") var subscriberPartitions = GovPushTopics().subscriberPartitions
    @Option(help: "Replication factor of every topic.") var replicationFactor = GovPushTopics().replicationFactor
    @Option(name: .customLong("config"), help: "A topic config applied to every topic, as NAME=VALUE (repeatable), e.g. min.insync.replicas=2.")
    var configs: [String] = []

    func validate() throws {
        let counts = [("event", eventPartitions), ("delivery", deliveryPartitions), ("retry", retryPartitions),
                      ("status", statusPartitions), ("dead-letter", deadLetterPartitions), ("subscriber", subscriberPartitions),
                      ("replication-factor", replicationFactor)]
        for (name, value) in counts where value < 1 {
            throw ValidationError("--\(name)\(name == "replication-factor" ? "" : "-partitions") must be at least 1, got \(value)")
        }
        for config in configs where !config.contains("=") || config.hasPrefix("=") {
            throw ValidationError("--config \(config): expected NAME=VALUE")
        }
    }

    var layout: GovPushTopics {
        var layout = GovPushTopics()
        layout.eventPartitions = eventPartitions
        layout.deliveryPartitions = deliveryPartitions
        layout.retryPartitions = retryPartitions
        layout.statusPartitions = statusPartitions
        layout.deadLetterPartitions = deadLetterPartitions
        layout.subscriberPartitions = subscriberPartitions
        layout.replicationFactor = replicationFactor
        for config in configs {
            let parts = config.split(separator: "=", maxSplits: 1)
            layout.commonConfigs[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return layout
    }
}
