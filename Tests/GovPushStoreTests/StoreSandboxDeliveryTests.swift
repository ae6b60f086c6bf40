import Foundation
import GovPushDomain
import GovPushStore
import GovPushTesting
import Testing

/// `deliverToSandbox`: a first delivery into the store's own sandbox is recorded and captured together,
/// and a delivery that already has a record is neither captured nor changed.
@Suite struct StoreSandboxDeliveryTests {
    func message(_ key: DeliveryKey, body: String = "南陵县最低生活保障标准已调整") -> SandboxMessage {
        SandboxMessage(deliveryID: key.deliveryID, eventID: key.eventID, subscriberID: key.subscriberID, channel: key.channel,
                       maskedAddress: "138****1234", title: "政策发布", body: body, capturedAt: Sample.at(0))
    }

    @Test(arguments: StoreBackend.allCases)
    func recordsAndCapturesFirstDeliveriesTogether(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let keys = Sample.keys(3, channel: .app)
            let delivered = try await store.deliverToSandbox(keys.map { message($0) }, by: "w1", at: Sample.at(0))
            #expect(delivered == Set(keys.map(\.deliveryID)))
            for key in keys {
                let record = try #require(try await store.delivery(key))
                #expect(record.status == .delivered)
                #expect(record.attempts == 1)
                #expect(record.providerReference == "sandbox-\(key.deliveryID)")
                #expect(record.claimedBy == "w1")
                #expect(record.leaseUntil == nil && record.lastError == nil && record.nextAttemptAt == nil)
                #expect(record.createdAt == Sample.at(0) && record.updatedAt == Sample.at(0))
            }
            let captured = try await store.recentSandboxMessages(limit: 10)
            #expect(Set(captured.map(\.deliveryID)) == Set(keys.map(\.deliveryID)))
            #expect(captured.allSatisfy { $0.maskedAddress == "138****1234" && $0.body == "南陵县最低生活保障标准已调整" })
            // A later claim of the same deliveries finds them final: nothing is sent twice.
            let again = try await store.claim(keys, by: "w2", now: Sample.at(10), lease: .seconds(30))
            #expect(again.values.allSatisfy { $0 == .alreadyFinal(.delivered) })
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func leavesDeliveriesThatHaveARecordToTheClaim(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let (held, failed, fresh) = (Sample.key("e", "s-1", .app), Sample.key("e", "s-2", .app), Sample.key("e", "s-3", .app))
            _ = try await store.claim([held], by: "w2", now: Sample.at(0), lease: .seconds(30))
            _ = try await store.claim([failed], by: "w1", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([(failed, .failed(reason: "no such user"))], by: "w1", at: Sample.at(1))

            // The same delivery twice in one call is captured once.
            let delivered = try await store.deliverToSandbox([message(held), message(failed), message(fresh), message(fresh, body: "again")],
                                                             by: "w1", at: Sample.at(2))
            #expect(delivered == [fresh.deliveryID])
            let heldRecord = try await store.delivery(held)
            #expect(heldRecord?.status == .claimed && heldRecord?.claimedBy == "w2" && heldRecord?.providerReference == nil)
            let failedRecord = try await store.delivery(failed)
            #expect(failedRecord?.status == .failed && failedRecord?.lastError == "no such user")
            #expect(try await store.recentSandboxMessages(limit: 10).map(\.body) == ["南陵县最低生活保障标准已调整"])

            // A second delivery of the same message records and captures nothing more.
            #expect(try await store.deliverToSandbox([message(fresh)], by: "w2", at: Sample.at(3)).isEmpty)
            let tally = try await store.sandboxTally()
            #expect(tally.messages == 1 && tally.distinctDeliveries == 1)
            #expect(try await store.delivery(fresh)?.claimedBy == "w1")
        }
    }
}
