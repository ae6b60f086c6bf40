import Foundation
import GovPushDomain

/// The JSON body of an app-backend webhook (docs/channels.md "The app webhook contract"). Snake-case keys,
/// `sent_at` in RFC 3339 UTC; `url` is null when the event has no page.
struct AppWebhookPayload: Encodable {
    var deliveryID: String
    var eventID: String
    var eventType: String
    var subscriberID: String
    var appUserID: String
    var title: String
    var body: String
    var url: String?
    var urgent: Bool
    var sentAt: String

    enum CodingKeys: String, CodingKey {
        case deliveryID = "delivery_id", eventID = "event_id", eventType = "event_type"
        case subscriberID = "subscriber_id", appUserID = "app_user_id", title, body, url, urgent
        case sentAt = "sent_at"
    }

    init(_ notification: OutgoingNotification, appUserID: AppUserID, sentAt: Date) {
        deliveryID = notification.deliveryID
        eventID = notification.eventID
        eventType = notification.eventType.rawValue
        subscriberID = notification.subscriberID.rawValue
        self.appUserID = appUserID.clearText
        title = notification.message.title
        body = notification.message.body
        url = notification.message.url
        urgent = notification.isUrgent
        self.sentAt = RFC3339Timestamp.format(sentAt)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deliveryID, forKey: .deliveryID)
        try c.encode(eventID, forKey: .eventID)
        try c.encode(eventType, forKey: .eventType)
        try c.encode(subscriberID, forKey: .subscriberID)
        try c.encode(appUserID, forKey: .appUserID)
        try c.encode(title, forKey: .title)
        try c.encode(body, forKey: .body)
        try c.encode(url, forKey: .url)  // explicit null: the receiver sees every key
        try c.encode(urgent, forKey: .urgent)
        try c.encode(sentAt, forKey: .sentAt)
    }

    /// Compact UTF-8 JSON with sorted keys and unescaped slashes: the exact bytes that are signed and sent.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}
