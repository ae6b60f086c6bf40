/// How a dispatcher runs.
public struct DispatcherConfiguration: Sendable {
    public var bootstrapServers: String
    /// Every dispatcher process joins this group; partitions of `govpush.events` are split among them.
    public var groupID = "govpush-dispatcher"
    /// Jobs per produce batch.
    public var jobBatchSize = 5_000
    /// Backpressure: fan-out pauses while a channel's deliverers are more than this many jobs behind
    /// (nil: never pause). Keep it well under what the delivery topic's partitions retain.
    public var maxDeliveryBacklog: Int? = 100_000
    /// Producer and consumer settings beyond the defaults.
    public var kafkaProperties: [String: String] = [:]

    public init(bootstrapServers: String) { self.bootstrapServers = bootstrapServers }
}
