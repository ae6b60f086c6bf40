import GovPushDomain
import GovPushKafka

/// GovPush's topics, their names and how they are laid out. Producers, workers, `govpush topics create`,
/// `govpush cluster` and deploy/ all take their names from here.
public struct GovPushTopics: Sendable, Equatable {
    /// CloudEvents from producers (key: the aggregate id: policy, incident or case).
    public static let events = "govpush.events"
    /// Dead letters: exhausted retries and poison messages, with the reason in headers.
    public static let deadLetters = "govpush.dlq"
    /// The outcome of every delivery attempt.
    public static let deliveryStatus = "govpush.delivery-status"
    /// Subscriber changelog (key: subscriber id; compacted, so it holds the latest state of each).
    public static let subscribers = "govpush.subscribers"
    /// Every channel kind has its delivery topic (in `govpush dev` the sandbox stands in for each).
    public static let channels = ChannelKind.allCases
    /// Retry tiers: a failed delivery waits in the tier for its attempt before going back to work.
    public static let retryDelays: [Duration] = [.seconds(10), .seconds(60), .seconds(600)]

    /// Delivery jobs for one channel (key: subscriber id, so one subscriber's notices stay ordered).
    public static func deliveries(_ channel: ChannelKind) -> String { "govpush.deliveries.\(channel.rawValue)" }

    /// The retry topic of a channel's `tier` (0-based, see `retryDelays`).
    public static func retry(_ channel: ChannelKind, tier: Int) -> String { "govpush.deliveries.\(channel.rawValue).retry-\(tier + 1)" }

    /// The consumer group of `channel`'s deliverers (each retry tier's group adds `-retry-<n>`); the
    /// dispatcher reads its lag for backpressure.
    public static func delivererGroup(_ channel: ChannelKind) -> String { "govpush-deliverer-\(channel.rawValue)" }

    public var eventPartitions = 6
    public var deliveryPartitions = 12
    public var retryPartitions = 3
    public var statusPartitions = 6
    public var deadLetterPartitions = 3
    public var subscriberPartitions = 6
    public var replicationFactor = 3
    /// Applied to every topic (e.g. `min.insync.replicas=2` in production).
    public var commonConfigs: [String: String] = [:]

    public init() {}

    /// Every topic GovPush uses, with its partitions, replication and configuration.
    public var specs: [KafkaTopicSpec] {
        func spec(_ name: String, _ partitions: Int, _ configs: [String: String] = [:]) -> KafkaTopicSpec {
            KafkaTopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor, configs: commonConfigs.merging(configs) { $1 })
        }
        var specs = [spec(Self.events, eventPartitions)]
        for channel in Self.channels {
            specs.append(spec(Self.deliveries(channel), deliveryPartitions))
            for tier in Self.retryDelays.indices { specs.append(spec(Self.retry(channel, tier: tier), retryPartitions)) }
        }
        specs.append(spec(Self.deliveryStatus, statusPartitions))
        specs.append(spec(Self.deadLetters, deadLetterPartitions))
        specs.append(spec(Self.subscribers, subscriberPartitions, ["cleanup.policy": "compact"]))
        return specs
    }
}
