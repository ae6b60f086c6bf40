import Foundation
import GovPushDomain

/// One notification to deliver: what the dispatcher writes to `govpush.deliveries.<channel>` (keyed by
/// subscriber) and deliverers consume, retry and fall back with.
///
/// Jobs carry ids, not content or addresses: the deliverer reads the event and the subscriber's address
/// from the store, so no personal data sits in Kafka and a fan-out of millions stays small (a few dozen
/// bytes per job, which matters on the embedded cluster's 5 MB partitions).
public struct DeliveryJob: Sendable, Equatable {
    public var eventID: String
    public var eventType: EventType
    public var subscriberID: SubscriberID
    public var channel: ChannelKind
    /// The subscriber's next channels, in order, should this one fail permanently.
    public var fallbacks: [ChannelKind]
    /// 0 for the first try; n for the n-th retry.
    public var retry: Int
    /// Not to be attempted before this instant (retry backoff, quiet hours).
    public var notBefore: Date?
    public var isUrgent: Bool

    public init(eventID: String, eventType: EventType, subscriberID: SubscriberID, channel: ChannelKind, fallbacks: [ChannelKind] = [],
                retry: Int = 0, notBefore: Date? = nil, isUrgent: Bool) {
        self.eventID = eventID
        self.eventType = eventType
        self.subscriberID = subscriberID
        self.channel = channel
        self.fallbacks = fallbacks
        self.retry = retry
        self.notBefore = notBefore
        self.isUrgent = isUrgent
    }

    /// The same notification on the next fallback channel, or nil when none is left.
    public func fallingBack() -> DeliveryJob? {
        guard let next = fallbacks.first else { return nil }
        var job = self
        job.channel = next
        job.fallbacks.removeFirst()
        job.retry = 0
        job.notBefore = nil
        return job
    }
}
