import Foundation
import GovPushDomain
import GovPushKafka

/// The outcome of a delivery attempt as published on `govpush.delivery-status` (key: delivery id), for
/// tenants' status callbacks, metrics and anyone tailing deliveries. Carries no address.
public struct DeliveryStatusRecord: Codable, Sendable, Equatable {
    public var deliveryID: String
    public var eventID: String
    public var subscriberID: String
    public var channel: String
    /// `delivered`, `retrying`, `deferred`, `failed` or `dead-lettered`.
    public var status: String
    public var attempt: Int
    public var reason: String?
    public var providerReference: String?
    public var at: Date

    public init(deliveryID: String, eventID: String, subscriberID: String, channel: String, status: String, attempt: Int,
                reason: String? = nil, providerReference: String? = nil, at: Date) {
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.subscriberID = subscriberID
        self.channel = channel
        self.status = status
        self.attempt = attempt
        self.reason = reason
        self.providerReference = providerReference
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case deliveryID = "delivery_id", eventID = "event_id", subscriberID = "subscriber_id", channel, status, attempt, reason
        case providerReference = "provider_reference", at
    }

    /// JSON with sorted keys and absent fields left out, as `JSONEncoder` (`.sortedKeys`, `.iso8601`) writes
    /// it, without its cost: one record per notification.
    public var record: KafkaProducerMessage {
        var json = JSONObjectWriter()
        json.field("at", at)
        json.field("attempt", attempt)
        json.field("channel", channel)
        json.field("delivery_id", deliveryID)
        json.field("event_id", eventID)
        if let providerReference { json.field("provider_reference", providerReference) }
        if let reason { json.field("reason", reason) }
        json.field("status", status)
        json.field("subscriber_id", subscriberID)
        return KafkaProducerMessage(topic: GovPushTopics.deliveryStatus, key: Array(deliveryID.utf8), value: json.finish())
    }

    public init(record value: [UInt8]) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        self = try decoder.decode(Self.self, from: Data(value))
    }
}
