import Foundation
import GovPushDomain
import GovPushStore
import GovPushTesting
import Testing

@Suite struct StoreClaimTests {
    @Test(arguments: StoreBackend.allCases)
    func claimsNewKeysAsFirstAttempts(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let keys = [Sample.key("evt-1", "s-1"), Sample.key("evt-1", "s-1", .email), Sample.key("evt-1", "s-2")]
            let results = try await store.claim(keys, by: "w1", now: Sample.at(0), lease: .seconds(30))
            #expect(results.count == 3)
            #expect(results.values.allSatisfy { $0 == .claimed(attempt: 1) })
            let record = try #require(try await store.delivery(keys[0]))
            #expect(record.status == .claimed)
            #expect(record.attempts == 1)
            #expect(record.claimedBy == "w1")
            #expect(record.leaseUntil == Sample.at(30))
            #expect(record.createdAt == Sample.at(0))
            #expect(record.updatedAt == Sample.at(0))
            #expect(record.deliveryID == keys[0].deliveryID)
            #expect(try await store.delivery(Sample.key("evt-404")) == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func reportsFinalDeliveriesAsAlreadyFinal(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let (delivered, failed, dead) = (Sample.key("e", "s-1"), Sample.key("e", "s-2"), Sample.key("e", "s-3"))
            _ = try await store.claim([delivered, failed, dead], by: "w1", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([(delivered, .delivered(providerReference: nil)), (failed, .failed(reason: "invalid number")),
                                      (dead, .deadLettered(reason: "retries exhausted"))], by: "w1", at: Sample.at(1))
            let again = try await store.claim([delivered, failed, dead], by: "w1", now: Sample.at(100), lease: .seconds(30))
            #expect(again[delivered] == .alreadyFinal(.delivered))
            #expect(again[failed] == .alreadyFinal(.failed))
            #expect(again[dead] == .alreadyFinal(.deadLettered))
            #expect(try await store.delivery(delivered)?.attempts == 1)
        }
    }

    /// The batch read a redelivered job's follow-ups come from: every recorded key once, with what its
    /// outcome recorded; keys with no record are left out.
    @Test(arguments: StoreBackend.allCases)
    func readsRecordsInABatchLeavingOutKeysWithoutOne(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let (delivered, failed, open) = (Sample.key("e", "s-1"), Sample.key("e", "s-2"), Sample.key("e", "s-3"))
            _ = try await store.claim([delivered, failed, open], by: "w1", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([(delivered, .delivered(providerReference: "ref-1")), (failed, .failed(reason: "invalid number"))],
                                     by: "w1", at: Sample.at(2))
            let missing = Sample.key("e", "s-404")
            let records = try await store.deliveries([delivered, failed, open, missing, delivered])
            #expect(Set(records.keys) == [delivered, failed, open])
            #expect(records[delivered]?.finalCompletion == .delivered(providerReference: "ref-1"))
            #expect(records[delivered]?.updatedAt == Sample.at(2))
            #expect(records[failed]?.finalCompletion == .failed(reason: "invalid number"))
            #expect(records[open]?.status == .claimed && records[open]?.finalCompletion == nil)
            #expect(try await store.deliveries([]).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func reportsAnUnexpiredLeaseHeldElsewhere(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let key = Sample.key("e")
            _ = try await store.claim([key], by: "w1", now: Sample.at(0), lease: .seconds(30))
            let result = try await store.claim([key], by: "w2", now: Sample.at(29), lease: .seconds(30))
            #expect(result[key] == .heldElsewhere(by: "w1", until: Sample.at(30)))
            let record = try #require(try await store.delivery(key))
            #expect(record.claimedBy == "w1")
            #expect(record.attempts == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func reclaimsAnExpiredLeaseAndIgnoresTheFormerHoldersCompletion(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let key = Sample.key("e")
            _ = try await store.claim([key], by: "w1", now: Sample.at(0), lease: .seconds(30))
            let result = try await store.claim([key], by: "w2", now: Sample.at(30), lease: .seconds(30))
            #expect(result[key] == .claimed(attempt: 2))
            // w1 wakes up late: its outcome is not recorded, w2 still holds the delivery.
            try await store.complete([(key, .delivered(providerReference: "late"))], by: "w1", at: Sample.at(31))
            let record = try #require(try await store.delivery(key))
            #expect(record.status == .claimed)
            #expect(record.claimedBy == "w2")
            #expect(record.providerReference == nil)
            #expect(record.leaseUntil == Sample.at(60))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func reclaimsRetryingAndDeferredDeliveries(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let (retrying, deferred) = (Sample.key("e", "s-1"), Sample.key("e", "s-2"))
            _ = try await store.claim([retrying, deferred], by: "w1", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([(retrying, .retrying(reason: "HTTP 503", nextAttemptAt: Sample.at(60))),
                                      (deferred, .deferred(reason: "quiet hours", until: Sample.at(3600)))], by: "w1", at: Sample.at(1))
            // Picked up again from the retry topic, by whichever worker, before or after nextAttemptAt.
            let results = try await store.claim([retrying, deferred], by: "w2", now: Sample.at(2), lease: .seconds(30))
            #expect(results[retrying] == .claimed(attempt: 2))
            #expect(results[deferred] == .claimed(attempt: 2))
            let record = try #require(try await store.delivery(retrying))
            #expect(record.status == .claimed)
            #expect(record.claimedBy == "w2")
            #expect(record.nextAttemptAt == nil)
            #expect(record.lastError == "HTTP 503")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theSameWorkerReclaimsItsOwnLeaseAfterARestart(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let key = Sample.key("e")
            _ = try await store.claim([key], by: "w1", now: Sample.at(0), lease: .seconds(30))
            let again = try await store.claim([key], by: "w1", now: Sample.at(5), lease: .seconds(30))
            #expect(again[key] == .claimed(attempt: 2))
            #expect(try await store.delivery(key)?.leaseUntil == Sample.at(35))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func mixesOutcomesInOneBatchAndDeduplicatesKeys(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let (fresh, final, held, expired) = (Sample.key("e", "s-1"), Sample.key("e", "s-2"), Sample.key("e", "s-3"), Sample.key("e", "s-4"))
            _ = try await store.claim([final], by: "w1", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([(final, .delivered(providerReference: "p"))], by: "w1", at: Sample.at(0))
            _ = try await store.claim([held], by: "w1", now: Sample.at(0), lease: .seconds(300))
            _ = try await store.claim([expired], by: "w1", now: Sample.at(0), lease: .seconds(10))
            let results = try await store.claim([fresh, final, held, expired, fresh], by: "w2", now: Sample.at(20), lease: .seconds(30))
            #expect(results == [fresh: .claimed(attempt: 1), final: .alreadyFinal(.delivered),
                                held: .heldElsewhere(by: "w1", until: Sample.at(300)), expired: .claimed(attempt: 2)])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func twoConcurrentClaimersTakeEachKeyExactlyOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { fixture, opened in
            let other = try await fixture.open()
            let keys = Sample.keys(1500)
            let stores = [opened.store, other.store]
            // Each claimer sends the same keys in its own order, in batches, at the same time.
            let claimed = try await withThrowingTaskGroup(of: (String, [DeliveryKey: DeliveryClaimResult]).self) { group in
                for (index, store) in stores.enumerated() {
                    let worker = "w\(index)"
                    let order = index == 0 ? keys : keys.reversed()
                    group.addTask {
                        var all: [DeliveryKey: DeliveryClaimResult] = [:]
                        for start in stride(from: 0, to: order.count, by: 250) {
                            let batch = Array(order[start..<min(start + 250, order.count)])
                            all.merge(try await store.claim(batch, by: worker, now: Sample.at(0), lease: .seconds(60))) { a, _ in a }
                        }
                        return (worker, all)
                    }
                }
                var byWorker: [String: [DeliveryKey: DeliveryClaimResult]] = [:]
                for try await (worker, results) in group { byWorker[worker] = results }
                return byWorker
            }
            try await other.store.close()
            let w0 = try #require(claimed["w0"]), w1 = try #require(claimed["w1"])
            #expect(w0.count == keys.count && w1.count == keys.count)
            for key in keys {
                let mine = w0[key] == .claimed(attempt: 1), theirs = w1[key] == .claimed(attempt: 1)
                #expect(mine != theirs, "\(key) claimed by both or neither")
                if mine { #expect(w1[key] == .heldElsewhere(by: "w0", until: Sample.at(60))) }
                if theirs { #expect(w0[key] == .heldElsewhere(by: "w1", until: Sample.at(60))) }
            }
            #expect(try await opened.scalarInt("SELECT count(*) FROM deliveries") == keys.count)
            #expect(try await opened.scalarInt("SELECT count(*) FROM deliveries WHERE attempts <> 1") == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func fourClaimersRacingForFreshKeysEachGetADisjointShare(_ backend: StoreBackend) async throws {
        try await withStore(backend) { fixture, opened in
            var stores = [opened.store]
            for _ in 1..<4 { stores.append(try await fixture.open().store) }
            for round in 0..<25 {
                let keys = Sample.keys(40, event: "evt-fresh-\(round)")
                let results = try await withThrowingTaskGroup(of: [DeliveryKey: DeliveryClaimResult].self) { group in
                    for (index, store) in stores.enumerated() {
                        group.addTask { try await store.claim(keys, by: "w\(index)", now: Sample.at(0), lease: .seconds(60)) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for key in keys {
                    #expect(results.filter { $0[key] == .claimed(attempt: 1) }.count == 1, "\(key)")
                }
            }
            for store in stores.dropFirst() { try await store.close() }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func claimsRacingCompletionsOfTheSameKeysNeitherDeadlockNorDoubleClaim(_ backend: StoreBackend) async throws {
        try await withStore(backend) { fixture, opened in
            let other = try await fixture.open()
            let (a, b) = (opened.store, other.store)
            for round in 0..<4 {
                let keys = Sample.keys(400, event: "evt-race-\(round)")
                _ = try await a.claim(keys, by: "wa", now: Sample.at(0), lease: .seconds(60))
                // wa records outcomes (even keys delivered, odd ones to retry) while wb claims the same keys.
                async let completing: Void = a.complete(keys.enumerated().map { index, key in
                    (key, index.isMultiple(of: 2) ? .delivered(providerReference: nil)
                                                  : .retrying(reason: "HTTP 503", nextAttemptAt: Sample.at(30)))
                }, by: "wa", at: Sample.at(1))
                async let claiming = b.claim(keys.reversed(), by: "wb", now: Sample.at(2), lease: .seconds(60))
                let (_, results) = try await (completing, claiming)
                for (index, key) in keys.enumerated() {
                    let result = try #require(results[key])
                    if index.isMultiple(of: 2) {
                        #expect(result == .heldElsewhere(by: "wa", until: Sample.at(60)) || result == .alreadyFinal(.delivered))
                    } else {
                        #expect(result == .heldElsewhere(by: "wa", until: Sample.at(60)) || result == .claimed(attempt: 2))
                    }
                }
            }
            try await other.store.close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func claimsAndCompletesBatchesOfThousands(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let keys = Sample.keys(3000)
            let results = try await store.claim(keys, by: "w1", now: Sample.at(0), lease: .seconds(60))
            #expect(results.count == 3000)
            #expect(results.values.allSatisfy { $0 == .claimed(attempt: 1) })
            try await store.complete(keys.map { ($0, .delivered(providerReference: "ref-\($0.subscriberID)")) }, by: "w1", at: Sample.at(1))
            let again = try await store.claim(keys, by: "w2", now: Sample.at(2), lease: .seconds(60))
            #expect(again.values.allSatisfy { $0 == .alreadyFinal(.delivered) })
            #expect(try await store.delivery(keys[1234])?.providerReference == "ref-s-1234")
        }
    }
}
