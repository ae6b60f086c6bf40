import Foundation
import GovPushDomain
import GovPushStore
import Hummingbird

/// A subscriber's notifications, newest first, with read state; opaque cursors page through them.
extension GovPushAPI {
    struct InboxItem: Encodable {
        let notificationId: String
        let eventId: String
        let eventType: String?
        let channel: String
        let status: String
        let createdAt: Date
        let updatedAt: Date
        let read: Bool
        let readAt: Date?

        enum CodingKeys: String, CodingKey { case notificationId, eventId, eventType, channel, status, createdAt, updatedAt, read, readAt }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(notificationId, forKey: .notificationId)
            try c.encode(eventId, forKey: .eventId)
            try c.encode(eventType, forKey: .eventType)
            try c.encode(channel, forKey: .channel)
            try c.encode(status, forKey: .status)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(updatedAt, forKey: .updatedAt)
            try c.encode(read, forKey: .read)
            try c.encode(readAt, forKey: .readAt)
        }
    }

    struct InboxPage: Encodable {
        let items: [InboxItem]
        let nextCursor: String?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(items, forKey: .items)
            try c.encode(nextCursor, forKey: .nextCursor)
        }
        enum CodingKeys: String, CodingKey { case items, nextCursor }
    }

    func inbox(_ call: APICall) async throws -> Response {
        let (_, subscriber) = try await existing(call)
        var limit = 20
        if let text = call.query["limit"] {
            guard let n = Int(text), (1...100).contains(n) else { throw APIProblem.badParameter("limit", "must be an integer in 1...100") }
            limit = n
        }
        let cursor = try call.query["cursor"].map { text throws(APIProblem) in
            guard let cursor = InboxCursorText.decode(text) else { throw APIProblem.badParameter("cursor", "is not a cursor this API issued") }
            return cursor
        }
        let entries = try await store.inbox(subscriber: subscriber.id, after: cursor, limit: limit + 1)
        let page = Array(entries.prefix(limit))
        let next = entries.count > limit ? page.last.map { InboxCursorText.encode(InboxCursor(after: $0)) } : nil
        return APIJSON.response(InboxPage(items: page.map {
            InboxItem(notificationId: $0.deliveryID, eventId: $0.eventID, eventType: $0.eventType, channel: $0.channel.rawValue,
                      status: $0.status.rawValue, createdAt: $0.createdAt, updatedAt: $0.updatedAt, read: $0.readAt != nil, readAt: $0.readAt)
        }, nextCursor: next))
    }

    func markRead(_ call: APICall) async throws -> Response {
        let (_, subscriber) = try await existing(call)
        let id = call.parameter("notificationId")
        guard try await store.markRead(subscriber: subscriber.id, deliveryID: id, at: call.now) else {
            throw APIProblem.notFound("notification \(id.prefix(64)) of this subscriber")
        }
        return APIJSON.noContent()
    }
}

/// Inbox cursors as clients see them: base64url of `<created-at µs>:<notification id>`.
enum InboxCursorText {
    static func encode(_ cursor: InboxCursor) -> String {
        Data("\(cursor.createdAtMicroseconds):\(cursor.deliveryID)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> InboxCursor? {
        guard text.utf8.count <= 200 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8),
              let colon = plain.firstIndex(of: ":"), let micros = Int64(plain[..<colon]) else { return nil }
        let id = String(plain[plain.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        return InboxCursor(createdAtMicroseconds: micros, deliveryID: id)
    }
}
