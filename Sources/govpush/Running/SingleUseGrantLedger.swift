import Foundation
import GovPushChannels
import GovPushDomain
import Synchronization

/// The grant ledger of `govpush channel test wechat`: the operator vouches that the test user granted one
/// message, so exactly one grant exists for any template, spent by the test send.
final class SingleUseGrantLedger: WeChatGrantLedger {
    private let openID: String
    private let spent = Mutex(false)

    init(openID: String) { self.openID = openID }

    func reserveGrant(subscriber: SubscriberID, templateID: String, deliveryID: String, at time: Date) async throws -> WeChatGrant? {
        spent.withLock { $0 } ? nil
            : WeChatGrant(id: "channel-test", subscriberID: subscriber, templateID: templateID, openID: openID, scene: 0, grantedAt: time)
    }
    func consumeGrant(id: String, at time: Date) async throws { spent.withLock { $0 = true } }
    func releaseGrant(id: String, at time: Date) async throws {}
    func revokeGrants(subscriber: SubscriberID, templateID: String, at time: Date) async throws { spent.withLock { $0 = true } }
}
