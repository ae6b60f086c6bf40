/// The consumer settings GovPush tunes, with the rest of librdkafka's properties passable through
/// `properties` (which win over the typed fields).
public struct KafkaConsumerConfiguration: Sendable {
    public enum OffsetReset: String, Sendable { case earliest, latest }
    public enum AssignmentStrategy: String, Sendable {
        /// Incremental rebalancing: only moved partitions stop (KIP-429).
        case cooperativeSticky = "cooperative-sticky"
        case range, roundRobin = "roundrobin"
    }

    public var bootstrapServers: String
    public var groupID: String
    public var topics: [String]
    public var clientID = "govpush"
    /// Where a group with no committed offset starts.
    public var offsetReset = OffsetReset.earliest
    public var assignmentStrategy = AssignmentStrategy.cooperativeSticky
    public var sessionTimeout = Duration.seconds(10)
    public var maxPollInterval = Duration.seconds(300)
    /// At most this many records are fetched from librdkafka in one hop off the cooperative pool.
    public var fetchBatchSize = 500
    /// How long `connect` waits for the cluster's metadata.
    public var connectTimeout = Duration.seconds(10)
    /// When set, offsets marked with `store` are also committed in the background at this interval;
    /// `commit()`, rebalances and `close()` always commit what is stored.
    public var autoCommitInterval: Duration?
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String, groupID: String, topics: [String]) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
        self.topics = topics
    }

    var librdkafkaProperties: KafkaProperties {
        var p = KafkaProperties()
        p.set("bootstrap.servers", bootstrapServers)
        p.set("group.id", groupID)
        p.set("client.id", clientID)
        p.set("auto.offset.reset", offsetReset.rawValue)
        p.set("partition.assignment.strategy", assignmentStrategy.rawValue)
        p.set("session.timeout.ms", String(sessionTimeout.milliseconds))
        p.set("max.poll.interval.ms", String(maxPollInterval.milliseconds))
        // Offsets advance only for records the application has processed (`store`/`commit`).
        p.set("enable.auto.offset.store", "false")
        p.set("enable.auto.commit", String(autoCommitInterval != nil))
        if let autoCommitInterval { p.set("auto.commit.interval.ms", String(autoCommitInterval.milliseconds)) }
        p.set("enable.partition.eof", "false")
        p.set("allow.auto.create.topics", "false")
        p.merge(properties)
        return p
    }
}
