import Foundation
import GovPushDomain
import GovPushMessaging

/// How a deliverer for one channel runs.
public struct DelivererConfiguration: Sendable {
    public var bootstrapServers: String
    public var channel: ChannelKind
    /// Deliverers of one channel share a group; each retry tier has its own (`<group>-retry-<n>`).
    public var groupID: String
    /// Names this process in delivery claims; a restarted process with the same id resumes its claims.
    public var workerID: String
    /// How long a claim holds before another deliverer may take the delivery over.
    public var lease = Duration.seconds(60)
    /// Jobs fetched at once. A batch channel (the sandbox) gets them claimed, sent and completed together:
    /// each batch costs a few store transactions and one produce round trip, whatever its size, and a
    /// larger transaction writes each page of the hash-keyed deliveries index once for more rows. Other
    /// channels work through them `concurrency × 4` at a time, so slow provider calls stay within the lease.
    public var batchSize = 10_000
    /// Channel calls in flight at once.
    public var concurrency = 32
    /// Sends per second and burst for this channel; nil for no limit.
    public var rateLimit: (perSecond: Double, burst: Int)?
    public var retry = RetryPolicy()
    public var kafkaProperties: [String: String] = [:]

    public init(bootstrapServers: String, channel: ChannelKind, workerID: String = ProcessInfo.processInfo.hostName + "-" + String(ProcessInfo.processInfo.processIdentifier)) {
        self.bootstrapServers = bootstrapServers
        self.channel = channel
        self.groupID = GovPushTopics.delivererGroup(channel)
        self.workerID = workerID
    }
}
