/// What a tenant's key may do. `govpush tenant create --scopes ingest,subscribers,read`.
public enum APIScope: String, Sendable, CaseIterable, Codable {
    /// `POST /v1/events`: publish events.
    case ingest
    /// Create, change and erase subscribers; record grants; mark notifications read.
    case subscribers
    /// Read subscribers, inboxes, grants and delivery status; manage the status callback.
    case read
}
