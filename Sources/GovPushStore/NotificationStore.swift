import Foundation
import GovPushDomain

/// GovPush's durable state: events seen, subscribers, delivery records and the sandbox outbox.
///
/// Two implementations pass the same test suite: SQLite (the embedded default, a file under
/// `./.govpush/`) and PostgreSQL (production). The store, not Kafka, is the record of what was delivered.
/// Every method takes what it needs in batches where the hot path calls it (claims, completions).
public protocol NotificationStore: Sendable {
    /// Applies the versioned migrations not yet applied; safe to call at every start.
    func migrate() async throws

    /// Records an event the first time its id is seen; false when the id was already recorded (a republish).
    func recordEvent(_ event: StoredEvent) async throws -> Bool

    /// The recorded event, for rendering its notifications; nil if it was never recorded.
    func event(_ id: String) async throws -> StoredEvent?

    /// Creates or replaces subscribers in one transaction (an import writes thousands at once); a subscriber
    /// listed twice is written as listed last. Returns the last change's sequence number, 0 for an empty list.
    @discardableResult
    func upsertSubscribers(_ subscribers: [Subscriber], at time: Date) async throws -> Int64
    func subscriber(_ id: SubscriberID) async throws -> Subscriber?
    /// The subscribers among `ids` that exist (erased ones are simply absent), in one query.
    func subscribers(_ ids: [SubscriberID]) async throws -> [SubscriberID: Subscriber]
    /// Removes the subscriber and its personal data; false when there was none. Delivery counts stay.
    @discardableResult
    func deleteSubscriber(_ id: SubscriberID, at time: Date) async throws -> Bool
    /// Subscribers in id order after `cursor`, for building an index page by page.
    func subscribers(after cursor: SubscriberID?, limit: Int) async throws -> [Subscriber]
    /// Changes after `sequence`, oldest first: dispatchers poll this to keep their index current.
    func subscriberChanges(after sequence: Int64, limit: Int) async throws -> [SubscriberChange]

    /// Claims each key for `worker` until `now + lease`, in one transaction: new keys and keys waiting for
    /// retry (or whose lease expired) are claimed; final ones and ones held elsewhere are reported as such.
    func claim(_ keys: [DeliveryKey], by worker: String, now: Date, lease: Duration) async throws -> [DeliveryKey: DeliveryClaimResult]
    /// Records outcomes of claimed deliveries, in one transaction.
    func complete(_ outcomes: [(key: DeliveryKey, completion: DeliveryCompletion)], by worker: String, at time: Date) async throws
    /// Makes dead-lettered deliveries among `keys` claimable again, with a fresh attempt count (an operator
    /// replayed them from the DLQ after fixing the cause); returns how many were reopened.
    @discardableResult
    func reopenDeadLettered(_ keys: [DeliveryKey], at time: Date) async throws -> Int
    /// The records of those `keys` that have one, in one query per batch of ids.
    func deliveries(_ keys: [DeliveryKey]) async throws -> [DeliveryKey: DeliveryRecord]
    func deliveryCounts() async throws -> [DeliveryCount]

    /// Appends captured sandbox messages (assigning their sequence numbers).
    func appendSandbox(_ messages: [SandboxMessage]) async throws
    /// Delivers into this store's own sandbox in one transaction: each message whose delivery has no record
    /// yet is recorded delivered (attempt 1, by `worker`, the sandbox's provider reference) and captured.
    /// Capture and record cannot part, so a first delivery needs no claim; a delivery that already has a
    /// record is left alone for the ordinary claim to decide. Returns the delivery ids delivered here.
    func deliverToSandbox(_ messages: [SandboxMessage], by worker: String, at time: Date) async throws -> Set<String>
    /// The newest `limit` sandbox messages, newest first.
    func recentSandboxMessages(limit: Int) async throws -> [SandboxMessage]
    /// How many sandbox messages were captured, and for how many distinct deliveries: a difference means
    /// some delivery reached the (sandbox) provider twice.
    func sandboxTally() async throws -> SandboxTally

    func close() async throws
}

extension NotificationStore {
    /// One delivery's record, if it has one.
    public func delivery(_ key: DeliveryKey) async throws -> DeliveryRecord? { try await deliveries([key])[key] }
}

extension NotificationStore {
    /// Creates or replaces one subscriber; returns the change's sequence number.
    @discardableResult
    public func upsertSubscriber(_ subscriber: Subscriber, at time: Date) async throws -> Int64 {
        try await upsertSubscribers([subscriber], at: time)
    }
}
