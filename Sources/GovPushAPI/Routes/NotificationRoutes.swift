import Foundation
import Hummingbird

/// GET /v1/notifications/{notificationId}: where one delivery stands (the id is the delivery id the inbox,
/// status callbacks and app webhooks carry).
extension GovPushAPI {
    struct NotificationStatus: Encodable {
        let notificationId: String
        let eventId: String
        let externalId: String
        let channel: String
        let status: String
        let attempts: Int
        let lastError: String?
        let createdAt: Date
        let updatedAt: Date

        enum CodingKeys: String, CodingKey { case notificationId, eventId, externalId, channel, status, attempts, lastError, createdAt, updatedAt }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(notificationId, forKey: .notificationId)
            try c.encode(eventId, forKey: .eventId)
            try c.encode(externalId, forKey: .externalId)
            try c.encode(channel, forKey: .channel)
            try c.encode(status, forKey: .status)
            try c.encode(attempts, forKey: .attempts)
            try c.encode(lastError, forKey: .lastError)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(updatedAt, forKey: .updatedAt)
        }
    }

    func notification(_ call: APICall) async throws -> Response {
        let id = call.parameter("notificationId")
        guard id.utf8.count <= 128, let record = try await store.deliveryRecord(id: id),
              let external = ExternalSubscriberID.of(record.key.subscriberID, tenant: call.tenant.id) else {
            throw APIProblem.notFound("notification \(id.prefix(64))")
        }
        return APIJSON.response(NotificationStatus(
            notificationId: record.deliveryID, eventId: record.key.eventID, externalId: external, channel: record.key.channel.rawValue,
            status: record.status.rawValue, attempts: record.attempts, lastError: record.lastError,
            createdAt: record.createdAt, updatedAt: record.updatedAt))
    }
}
