import Foundation
import GovPushChannels
import GovPushDomain
import Synchronization

/// A `WeChatGrantLedger` in memory, for tests: the contract of the store-backed ledger (reserve idempotent
/// per delivery id, consume never reoffers, release returns to the pool, revoke voids every unspent grant of
/// the subscriber for the template), with each grant's state visible to assertions.
public final class InMemoryWeChatGrantLedger: WeChatGrantLedger {
    public enum GrantState: Sendable, Equatable {
        case available
        case reserved(deliveryID: String)
        case consumed
        case revoked
    }

    private struct Entry {
        var grant: WeChatGrant
        var state: GrantState
    }

    private let entries = Mutex<[Entry]>([])

    public init(_ grants: [WeChatGrant] = []) {
        entries.withLock { $0 = grants.map { Entry(grant: $0, state: .available) } }
    }

    public func add(_ grant: WeChatGrant) {
        entries.withLock { $0.append(Entry(grant: grant, state: .available)) }
    }

    public func state(of grantID: String) -> GrantState? {
        entries.withLock { $0.first { $0.grant.id == grantID }?.state }
    }

    public func reserveGrant(subscriber: SubscriberID, templateID: String, deliveryID: String, at time: Date) async throws -> WeChatGrant? {
        entries.withLock { entries in
            if let held = entries.first(where: { $0.state == .reserved(deliveryID: deliveryID) }) { return held.grant }
            guard let index = entries.firstIndex(where: {
                $0.state == .available && $0.grant.subscriberID == subscriber && $0.grant.templateID == templateID
            }) else { return nil }
            entries[index].state = .reserved(deliveryID: deliveryID)
            return entries[index].grant
        }
    }

    public func consumeGrant(id: String, at time: Date) async throws {
        try transition(id, to: .consumed)
    }

    public func releaseGrant(id: String, at time: Date) async throws {
        try transition(id, to: .available)
    }

    public func revokeGrants(subscriber: SubscriberID, templateID: String, at time: Date) async throws {
        entries.withLock { entries in
            for index in entries.indices where entries[index].grant.subscriberID == subscriber && entries[index].grant.templateID == templateID
                && entries[index].state != .consumed {
                entries[index].state = .revoked
            }
        }
    }

    public struct NotReserved: Error, CustomStringConvertible {
        public let description: String
    }

    private func transition(_ id: String, to state: GrantState) throws {
        try entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.grant.id == id }) else { throw NotReserved(description: "no grant \(id)") }
            guard case .reserved = entries[index].state else {
                throw NotReserved(description: "grant \(id) is \(entries[index].state), not reserved")
            }
            entries[index].state = state
        }
    }
}
