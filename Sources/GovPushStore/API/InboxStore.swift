import Foundation
import GovPushDomain

/// One notification in a subscriber's inbox: a delivery record, its event's type and the read state.
public struct InboxEntry: Sendable, Equatable {
    public var deliveryID: String
    public var eventID: String
    public var eventType: String?
    public var channel: ChannelKind
    public var status: DeliveryStatus
    public var createdAt: Date
    public var updatedAt: Date
    public var readAt: Date?

    public init(deliveryID: String, eventID: String, eventType: String?, channel: ChannelKind, status: DeliveryStatus,
                createdAt: Date, updatedAt: Date, readAt: Date?) {
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.eventType = eventType
        self.channel = channel
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.readAt = readAt
    }
}

/// Where an inbox page ends: newest first, by (created at, delivery id).
public struct InboxCursor: Sendable, Equatable {
    public var createdAtMicroseconds: Int64
    public var deliveryID: String

    public init(createdAtMicroseconds: Int64, deliveryID: String) {
        self.createdAtMicroseconds = createdAtMicroseconds
        self.deliveryID = deliveryID
    }

    public init(after entry: InboxEntry) {
        self.init(createdAtMicroseconds: StoreTime.microseconds(entry.createdAt), deliveryID: entry.deliveryID)
    }
}

/// A subscriber's notifications with read state, and delivery records by id.
public protocol InboxStore: Sendable {
    /// Newest first, strictly after `cursor`.
    func inbox(subscriber: SubscriberID, after cursor: InboxCursor?, limit: Int) async throws -> [InboxEntry]
    /// Marks one of the subscriber's notifications read (idempotent); false when it is not theirs.
    func markRead(subscriber: SubscriberID, deliveryID: String, at time: Date) async throws -> Bool
    /// The delivery record with this id, whatever its key.
    func deliveryRecord(id: String) async throws -> DeliveryRecord?
}
