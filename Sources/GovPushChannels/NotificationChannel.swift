import GovPushDomain

/// A way to reach subscribers (SMS, e-mail, WeChat, app backend, WeCom group, or the sandbox).
///
/// One implementation per provider behind this protocol; retries, fallbacks, quiet hours and rate limits
/// are decided once, above it, by the deliverer (STYLE.md, after GOV.UK Notify's clients).
public protocol NotificationChannel: Sendable {
    var kind: ChannelKind { get }
    /// Sends one rendered notification. Never throws: every failure is classified.
    func send(_ notification: OutgoingNotification) async -> ChannelOutcome
}

/// A channel that takes many notifications in one call, e.g. the sandbox, which stores a batch in one
/// transaction. The deliverer hands such a channel a whole fetched batch at once instead of one call per
/// notification, which is what makes a fan-out of millions cheap per notification.
public protocol BatchNotificationChannel: NotificationChannel {
    /// Sends every notification; the outcomes are in the order of `batch`. Never throws.
    func send(batch: [OutgoingNotification]) async -> [ChannelOutcome]
}

/// A notification ready for a channel: who, where, what, and the delivery id to pass on for idempotency.
public struct OutgoingNotification: Sendable, Equatable {
    public var deliveryID: String
    public var eventID: String
    public var eventType: EventType
    public var subscriberID: SubscriberID
    /// The subscriber's address on this channel.
    public var address: SubscriberChannel
    public var message: RenderedMessage
    public var isUrgent: Bool

    public init(deliveryID: String, eventID: String, eventType: EventType, subscriberID: SubscriberID, address: SubscriberChannel, message: RenderedMessage, isUrgent: Bool) {
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.eventType = eventType
        self.subscriberID = subscriberID
        self.address = address
        self.message = message
        self.isUrgent = isUrgent
    }
}

/// What a channel answered.
public enum ChannelOutcome: Sendable, Equatable {
    /// Accepted by the provider; its reference (message id) if it gave one.
    case delivered(providerReference: String?)
    /// Worth retrying later (timeouts, 5xx, throttling); `retryAfter` when the provider said how long.
    case transient(reason: String, retryAfter: Duration?)
    /// Retrying cannot help (invalid address, refused subscription, 4xx); the next channel may.
    case permanent(reason: String)
}
