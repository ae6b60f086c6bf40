import Crypto
import GovPushDomain

/// One notification: an event, to one subscriber, over one channel. Delivery is effectively once per key
/// (DESIGN.md "Data flow"): the store's delivery record for it is unique.
public struct DeliveryKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let eventID: String
    public let subscriberID: SubscriberID
    public let channel: ChannelKind

    public init(eventID: String, subscriberID: SubscriberID, channel: ChannelKind) {
        self.eventID = eventID
        self.subscriberID = subscriberID
        self.channel = channel
    }

    /// A stable id for the key (32 hex digits of SHA-256), the same across retries, replays and restarts,
    /// so receivers and providers that accept one (`X-GovPush-Delivery`, Alibaba `OutId`) can deduplicate.
    public var deliveryID: String {
        let digest = SHA256.hash(data: Array("\(eventID)\u{1F}\(subscriberID.rawValue)\u{1F}\(channel.rawValue)".utf8))
        return digest.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public var description: String { "delivery \(deliveryID) (event \(eventID), \(channel))" }
}
