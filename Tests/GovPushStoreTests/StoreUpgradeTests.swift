import Foundation
import GovPushDomain
@testable import GovPushStore
import GovPushTesting
import Testing

/// Upgrading a store that already holds data: migration 4 rebuilds (SQLite) or alters (PostgreSQL) the
/// deliveries table, and every delivery must come through with its state, still claimable exactly once.
@Suite struct StoreUpgradeTests {
    @Test(arguments: StoreBackend.allCases)
    func migration4KeepsEveryDeliveryAndItsState(_ backend: StoreBackend) async throws {
        try await withStore(backend, migrate: false) { _, opened in
            switch opened.store {
            case let sqlite as SQLiteNotificationStore: try await sqlite.migrate(through: 3)
            case let postgres as PostgresNotificationStore: try await postgres.migrate(through: 3)
            default: Issue.record("unexpected store \(type(of: opened.store))")
            }
            #expect(try await opened.schemaVersion() == 3)
            let store = opened.store
            let now = Date(timeIntervalSince1970: 1_780_000_000)
            let delivered = DeliveryKey(eventID: "evt-up", subscriberID: try SubscriberID("s-1"), channel: .app)
            let held = DeliveryKey(eventID: "evt-up", subscriberID: try SubscriberID("s-2"), channel: .sms)
            #expect(try await store.claim([delivered, held], by: "w1", now: now, lease: .seconds(600))
                    == [delivered: .claimed(attempt: 1), held: .claimed(attempt: 1)])
            try await store.complete([(delivered, .delivered(providerReference: "ref-1"))], by: "w1", at: now)

            try await store.migrate()
            #expect(try await opened.schemaVersion() == 4)
            #expect(try await opened.scalarInt("SELECT count(*) FROM deliveries") == 2)
            let record = try #require(try await store.delivery(delivered))
            #expect(record.status == .delivered)
            #expect(record.providerReference == "ref-1")
            #expect(try await store.delivery(held)?.claimedBy == "w1")
            // Another worker finds one final and one still leased: nothing is claimed twice.
            let later = now.addingTimeInterval(1)
            let again = try await store.claim([delivered, held], by: "w2", now: later, lease: .seconds(600))
            #expect(again[delivered] == .alreadyFinal(.delivered))
            guard case .heldElsewhere(by: "w1", _) = again[held] else {
                Issue.record("expected the lease of w1 to hold, got \(String(describing: again[held]))")
                return
            }
        }
    }
}
