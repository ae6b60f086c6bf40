import Crypto
import GovPushDomain

/// One notification: an event, to one subscriber, over one channel. Delivery is effectively once per key
/// (DESIGN.md "Data flow"): the store's delivery record for it is unique.
public struct DeliveryKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let eventID: String
    public let subscriberID: SubscriberID
    public let channel: ChannelKind
    /// A stable id for the key (32 hex digits of SHA-256), the same across retries, replays and restarts,
    /// so receivers and providers that accept one (`X-GovPush-Delivery`, Alibaba `OutId`) can deduplicate.
    /// Derived once here: the claim, the send, the status record and the completion all use it.
    public let deliveryID: String

    public init(eventID: String, subscriberID: SubscriberID, channel: ChannelKind) {
        self.eventID = eventID
        self.subscriberID = subscriberID
        self.channel = channel
        let digest = SHA256.hash(data: Array("\(eventID)\u{1F}\(subscriberID.rawValue)\u{1F}\(channel.rawValue)".utf8))
        // Through the digest's bytes: `digest.prefix(16)` iterates byte by byte, a visible cost per notification.
        self.deliveryID = digest.withUnsafeBytes { $0.prefix(16).lowercaseHex }
    }

    private enum CodingKeys: String, CodingKey { case eventID, subscriberID, channel }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(eventID: try container.decode(String.self, forKey: .eventID),
                  subscriberID: try container.decode(SubscriberID.self, forKey: .subscriberID),
                  channel: try container.decode(ChannelKind.self, forKey: .channel))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(subscriberID, forKey: .subscriberID)
        try container.encode(channel, forKey: .channel)
    }

    public static func == (lhs: DeliveryKey, rhs: DeliveryKey) -> Bool {
        lhs.eventID == rhs.eventID && lhs.subscriberID == rhs.subscriberID && lhs.channel == rhs.channel
    }
    /// Equal keys have equal ids, and one string hashes faster than three.
    public func hash(into hasher: inout Hasher) { hasher.combine(deliveryID) }

    public var description: String { "delivery \(deliveryID) (event \(eventID), \(channel))" }
}
