import Foundation
import GovPushDomain
import GovPushStore
import GovPushTesting
import Testing

@Suite struct StoreCompletionTests {
    @Test(arguments: StoreBackend.allCases)
    func recordsEachKindOfOutcome(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let keys = Sample.keys(5)
            _ = try await store.claim(keys, by: "w1", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([
                (keys[0], .delivered(providerReference: "SMS-778")),
                (keys[1], .retrying(reason: "HTTP 503", nextAttemptAt: Sample.at(60))),
                (keys[2], .deferred(reason: "quiet hours", until: Sample.at(7200))),
                (keys[3], .failed(reason: "invalid number")),
                (keys[4], .deadLettered(reason: "retries exhausted")),
            ], by: "w1", at: Sample.at(5))

            let delivered = try #require(try await store.delivery(keys[0]))
            #expect(delivered.status == .delivered)
            #expect(delivered.providerReference == "SMS-778")
            #expect(delivered.lastError == nil)
            #expect(delivered.attempts == 1)
            #expect(delivered.leaseUntil == nil)
            #expect(delivered.createdAt == Sample.at(0))
            #expect(delivered.updatedAt == Sample.at(5))

            let retrying = try #require(try await store.delivery(keys[1]))
            #expect(retrying.status == .retrying)
            #expect(retrying.lastError == "HTTP 503")
            #expect(retrying.nextAttemptAt == Sample.at(60))
            #expect(retrying.attempts == 1)

            let deferred = try #require(try await store.delivery(keys[2]))
            #expect(deferred.status == .deferred)
            #expect(deferred.nextAttemptAt == Sample.at(7200))

            #expect(try await store.delivery(keys[3])?.status == .failed)
            #expect(try await store.delivery(keys[3])?.lastError == "invalid number")
            #expect(try await store.delivery(keys[4])?.status == .deadLettered)
            #expect(try await store.delivery(keys[4])?.nextAttemptAt == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func ignoresCompletionsOfDeliveriesNotClaimedByTheWorker(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let (mine, theirs, unknown) = (Sample.key("e", "s-1"), Sample.key("e", "s-2"), Sample.key("e", "s-3"))
            _ = try await store.claim([mine], by: "w1", now: Sample.at(0), lease: .seconds(30))
            _ = try await store.claim([theirs], by: "w2", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([(mine, .delivered(providerReference: nil)), (theirs, .failed(reason: "x")),
                                      (unknown, .delivered(providerReference: nil))], by: "w1", at: Sample.at(1))
            #expect(try await store.delivery(mine)?.status == .delivered)
            #expect(try await store.delivery(theirs)?.status == .claimed)
            #expect(try await store.delivery(unknown) == nil)
            // A second completion of a final delivery changes nothing.
            try await store.complete([(mine, .failed(reason: "late duplicate"))], by: "w1", at: Sample.at(2))
            #expect(try await store.delivery(mine)?.status == .delivered)
            #expect(try await store.delivery(mine)?.lastError == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func countsDeliveriesByChannelAndStatus(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let sms = Sample.keys(4, channel: .sms)
            let email = Sample.keys(2, channel: .email)
            _ = try await store.claim(sms + email, by: "w1", now: Sample.at(0), lease: .seconds(30))
            try await store.complete([(sms[0], .delivered(providerReference: nil)), (sms[1], .delivered(providerReference: nil)),
                                      (sms[2], .failed(reason: "x")), (email[0], .delivered(providerReference: nil))],
                                     by: "w1", at: Sample.at(1))
            let counts = try await store.deliveryCounts()
            let table = Dictionary(uniqueKeysWithValues: counts.map { ("\($0.channel.rawValue)/\($0.status.rawValue)", $0.count) })
            #expect(table == ["sms/delivered": 2, "sms/failed": 1, "sms/claimed": 1, "email/delivered": 1, "email/claimed": 1])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func keepsSandboxMessagesNewestFirst(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            #expect(try await store.recentSandboxMessages(limit: 10).isEmpty)
            func message(_ n: Int) -> SandboxMessage {
                let key = Sample.key("evt-\(n)")
                return SandboxMessage(deliveryID: key.deliveryID, eventID: key.eventID, subscriberID: key.subscriberID, channel: .sms,
                                      maskedAddress: "138****1234", title: "政策发布 \(n)", body: "正文 \(n)", capturedAt: Sample.at(Double(n)))
            }
            try await store.appendSandbox([message(1), message(2), message(3)])
            try await store.appendSandbox([message(4)])
            let recent = try await store.recentSandboxMessages(limit: 3)
            #expect(recent.map(\.eventID) == ["evt-4", "evt-3", "evt-2"])
            let sequences = recent.compactMap(\.sequence)
            #expect(sequences.count == 3 && sequences == sequences.sorted(by: >))
            var expected = message(4)
            expected.sequence = recent[0].sequence
            #expect(recent[0] == expected)
        }
    }
}
