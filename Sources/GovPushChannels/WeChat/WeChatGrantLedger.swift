import Foundation
import GovPushDomain

/// One one-time subscription grant: the citizen tapped "allow" once for `templateID`, which entitles the
/// sender to exactly one subscription message with that template to that openid.
public struct WeChatGrant: Sendable, Equatable {
    public var id: String
    public var subscriberID: SubscriberID
    public var templateID: String
    public var openID: String
    /// The mini-program or official-account scene the grant came from (official-account one-time
    /// subscriptions echo it back as `scene`).
    public var scene: Int?
    public var grantedAt: Date

    public init(id: String, subscriberID: SubscriberID, templateID: String, openID: String, scene: Int?, grantedAt: Date) {
        self.id = id
        self.subscriberID = subscriberID
        self.templateID = templateID
        self.openID = openID
        self.scene = scene
        self.grantedAt = grantedAt
    }
}

/// Where one-time WeChat grants live. The API records them; the WeChat channel spends them.
///
/// A grant is spent by a successful send and never reused: the channel reserves one for a delivery id
/// before calling WeChat, consumes it on success, releases it on a transient failure (the retry reserves
/// it again under the same delivery id) and revokes every grant for the template on 43101 (the user
/// withdrew consent).
public protocol WeChatGrantLedger: Sendable {
    /// Reserves an unspent grant of `subscriber` for `templateID` on behalf of `deliveryID`; returns the
    /// grant already reserved for that delivery id if there is one (retries are idempotent), nil when the
    /// subscriber has none left (the deliverer then falls back to the next channel).
    func reserveGrant(subscriber: SubscriberID, templateID: String, deliveryID: String, at time: Date) async throws -> WeChatGrant?
    /// Marks a reserved grant spent; it is never offered again.
    func consumeGrant(id: String, at time: Date) async throws
    /// Returns a reserved grant to the pool after a send that WeChat did not accept.
    func releaseGrant(id: String, at time: Date) async throws
    /// Withdraws every unspent grant of `subscriber` for `templateID`.
    func revokeGrants(subscriber: SubscriberID, templateID: String, at time: Date) async throws
}
