import Foundation
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

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    public var record: KafkaProducerMessage {
        KafkaProducerMessage(topic: GovPushTopics.deliveryStatus, key: Array(deliveryID.utf8), value: Array((try? Self.encoder.encode(self)) ?? Data()))
    }

    public init(record value: [UInt8]) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        self = try decoder.decode(Self.self, from: Data(value))
    }
}
