import Foundation
import GovPushDomain

/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// A deliverer holds it (until `leaseUntil`) and is calling the channel.
    case claimed
    /// The channel accepted it. Final.
    case delivered
    /// A transient failure; it waits in a retry topic for `nextAttemptAt`.
    case retrying
    /// Held back (e.g. quiet hours for non-urgent SMS) until `nextAttemptAt`.
    case deferred
    /// A permanent failure (invalid number, revoked grant, 4xx). Final; a fallback channel may follow.
    case failed
    /// Retries exhausted or the job was unreadable; it went to the dead-letter topic. Final until replayed.
    case deadLettered = "dead-lettered"

    public var isFinal: Bool { self == .delivered || self == .failed || self == .deadLettered }
}

/// The store's record of one delivery key.
public struct DeliveryRecord: Sendable, Equatable {
    public var key: DeliveryKey
    public var deliveryID: String { key.deliveryID }
    public var status: DeliveryStatus
    /// Channel calls made so far (the current claim's included).
    public var attempts: Int
    public var providerReference: String?
    public var lastError: String?
    public var claimedBy: String?
    public var leaseUntil: Date?
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(key: DeliveryKey, status: DeliveryStatus, attempts: Int, providerReference: String? = nil, lastError: String? = nil,
                claimedBy: String? = nil, leaseUntil: Date? = nil, nextAttemptAt: Date? = nil, createdAt: Date, updatedAt: Date) {
        self.key = key
        self.status = status
        self.attempts = attempts
        self.providerReference = providerReference
        self.lastError = lastError
        self.claimedBy = claimedBy
        self.leaseUntil = leaseUntil
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a claim found.
public enum DeliveryClaimResult: Sendable, Equatable {
    /// The caller now holds the delivery and must call the channel; `attempt` counts from 1.
    case claimed(attempt: Int)
    /// Already final (delivered, failed or dead-lettered): skip it — a replay, a rebalance or a duplicate job.
    case alreadyFinal(DeliveryStatus)
    /// Another deliverer holds an unexpired lease: skip it; if that deliverer dies, the lease expires.
    case heldElsewhere(by: String, until: Date)
}

/// How an attempt ended, to be recorded.
public enum DeliveryCompletion: Sendable, Equatable {
    case delivered(providerReference: String?)
    case retrying(reason: String, nextAttemptAt: Date)
    case deferred(reason: String, until: Date)
    case failed(reason: String)
    case deadLettered(reason: String)
}

/// A message the sandbox channel captured instead of sending (shown by `govpush dev` and the dashboard).
public struct SandboxMessage: Sendable, Equatable, Codable {
    public var sequence: Int64?
    public var deliveryID: String
    public var eventID: String
    public var subscriberID: SubscriberID
    public var channel: ChannelKind
    /// The address as the log may show it (masked, e.g. 138****1234).
    public var maskedAddress: String
    public var title: String
    public var body: String
    public var capturedAt: Date

    public init(sequence: Int64? = nil, deliveryID: String, eventID: String, subscriberID: SubscriberID, channel: ChannelKind,
                maskedAddress: String, title: String, body: String, capturedAt: Date) {
        self.sequence = sequence
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.subscriberID = subscriberID
        self.channel = channel
        self.maskedAddress = maskedAddress
        self.title = title
        self.body = body
        self.capturedAt = capturedAt
    }

    /// The first message of each delivery, in order: a delivery is captured at most once per call.
    static func firstPerDelivery(_ messages: [SandboxMessage]) -> [SandboxMessage] {
        var seen = Set<String>()
        return messages.filter { seen.insert($0.deliveryID).inserted }
    }
}

/// An event as recorded on arrival (for republish detection and history).
public struct StoredEvent: Sendable, Equatable {
    public var id: String
    public var type: String
    public var source: String
    public var key: String
    /// The CloudEvents data as JSON.
    public var data: [UInt8]
    public var occurredAt: Date
    public var receivedAt: Date

    public init(id: String, type: String, source: String, key: String, data: [UInt8], occurredAt: Date, receivedAt: Date) {
        self.id = id
        self.type = type
        self.source = source
        self.key = key
        self.data = data
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
    }
}

/// A change to the subscriber set, in store order: what dispatchers apply to their index.
public struct SubscriberChange: Sendable, Equatable {
    public var sequence: Int64
    public var subscriberID: SubscriberID
    /// Nil when the subscriber was deleted.
    public var subscriber: Subscriber?

    public init(sequence: Int64, subscriberID: SubscriberID, subscriber: Subscriber?) {
        self.sequence = sequence
        self.subscriberID = subscriberID
        self.subscriber = subscriber
    }
}

/// Deliveries per channel and status (for the dashboard and metrics).
public struct DeliveryCount: Sendable, Equatable {
    public var channel: ChannelKind
    public var status: DeliveryStatus
    public var count: Int

    public init(channel: ChannelKind, status: DeliveryStatus, count: Int) {
        self.channel = channel
        self.status = status
        self.count = count
    }
}

/// Sandbox captures against the deliveries they belong to (`messages > distinctDeliveries` = duplicates).
public struct SandboxTally: Sendable, Equatable {
    public var messages: Int
    public var distinctDeliveries: Int

    public init(messages: Int, distinctDeliveries: Int) {
        self.messages = messages
        self.distinctDeliveries = distinctDeliveries
    }
}
