import Foundation

/// A tenant of the HTTP API (接入方: an app backend or business system) with its one API key.
/// `secret` is in clear only in memory: the store seals it with the data key before writing it.
public struct TenantRecord: Sendable, Equatable {
    /// The key id (`gpk_…`) sent in `X-GovPush-Key`; also scopes the tenant's subscribers.
    public var id: String
    public var name: String
    public var scopes: [String]
    public var secret: [UInt8]
    /// Where delivery statuses of the tenant's subscribers are POSTed (signed), if registered.
    public var callbackURL: String?
    public var createdAt: Date

    public init(id: String, name: String, scopes: [String], secret: [UInt8], callbackURL: String? = nil, createdAt: Date) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.secret = secret
        self.callbackURL = callbackURL
        self.createdAt = createdAt
    }
}

/// Tenants and their callback registrations.
public protocol TenantStore: Sendable {
    /// Inserts a new tenant; throws if the id exists.
    func createTenant(_ tenant: TenantRecord) async throws
    func tenant(id: String) async throws -> TenantRecord?
    /// Sets (or clears, with nil) the status-callback URL; false when there is no such tenant.
    @discardableResult
    func setCallbackURL(_ url: String?, tenant id: String) async throws -> Bool
}

/// Request nonces seen by the API, shared by every API process through the store so a replay to another
/// process is refused as well.
public protocol NonceRegistry: Sendable {
    /// Records the nonce until `expiresAt`; false when it was already recorded and has not expired (a replay).
    /// Expired nonces are purged on the way.
    func registerNonce(_ nonce: String, keyID: String, expiresAt: Date, now: Date) async throws -> Bool
}
