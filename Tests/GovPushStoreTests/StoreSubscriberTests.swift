import Foundation
import GovPushDomain
import GovPushStore
import GovPushTesting
import Testing

@Suite struct StoreSubscriberTests {
    @Test(arguments: StoreBackend.allCases)
    func upsertsReadsAndReplacesSubscribers(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let first = try Sample.subscriber("s-1")
            let s1 = try await store.upsertSubscriber(first, at: Sample.at(0))
            #expect(try await store.subscriber(Sample.id("s-1")) == first)
            #expect(try await store.subscriber(Sample.id("s-404")) == nil)

            let moved = try Sample.subscriber("s-1", region: "340100")
            let s2 = try await store.upsertSubscriber(moved, at: Sample.at(1))
            #expect(s2 > s1)
            #expect(try await store.subscriber(Sample.id("s-1")) == moved)
            #expect(try await opened.scalarInt("SELECT count(*) FROM subscribers") == 1)
        }
    }

    /// An import writes thousands of subscribers in one call, over several statements: each is stored once, a
    /// subscriber listed twice as listed last, a replaced one loses its old contacts, and every write is one
    /// change the dispatchers replay.
    @Test(arguments: StoreBackend.allCases)
    func upsertsManySubscribersInOneCall(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            #expect(try await store.upsertSubscribers([], at: Sample.at(0)) == 0)
            let before = try await store.upsertSubscriber(try Sample.subscriber("bulk-0", phone: "13900000000"), at: Sample.at(0))

            let count = 12_000  // more rows than either store puts in one statement
            var batch = try (0..<count).map { try Sample.subscriber("bulk-\($0)") }
            batch.append(try Sample.subscriber("bulk-7", region: "340100"))
            let last = try await store.upsertSubscribers(batch, at: Sample.at(1))

            #expect(try await opened.scalarInt("SELECT count(*) FROM subscribers") == count)
            #expect(try await store.subscriber(Sample.id("bulk-7")) == (try Sample.subscriber("bulk-7", region: "340100")))
            #expect(try await store.subscriber(Sample.id("bulk-11999")) == (try Sample.subscriber("bulk-11999")))
            let changes = try await store.subscriberChanges(after: before, limit: count + 10)
            #expect(changes.count == count)
            #expect(changes.last?.sequence == last)
            #expect(changes.filter { $0.subscriberID.rawValue == "bulk-7" }.count == 1)

            let api = opened.apiStore
            #expect(try await api.subscriberIDs(withContactHashes: api.cipher.lookupHashes("sms:13900000000")).isEmpty, "bulk-0's old phone")
            let samePhone = try await api.subscriberIDs(withContactHashes: api.cipher.lookupHashes("sms:\(Sample.phone)"))
            #expect(samePhone.count == count)
        }
    }

    /// Deliverers read the subscribers of a whole batch in one call; erased ones are simply absent.
    @Test(arguments: StoreBackend.allCases)
    func readsManySubscribersAtOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            for id in (0..<700).map({ "m-\($0)" }) { try await store.upsertSubscriber(try Sample.subscriber(id), at: Sample.at(0)) }
            try await store.deleteSubscriber(Sample.id("m-5"), at: Sample.at(1))
            let wanted = (0..<700).map { Sample.id("m-\($0)") } + [Sample.id("x-404"), Sample.id("m-1")]
            let found = try await store.subscribers(wanted)
            #expect(found.count == 699)
            #expect(found[Sample.id("m-5")] == nil && found[Sample.id("x-404")] == nil)
            #expect(found[Sample.id("m-699")] == (try Sample.subscriber("m-699")))
            #expect(try await store.subscribers([]).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func listsSubscribersInIDOrderPageByPage(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let ids = ["b-2", "a-1", "B-0", "c-3", "a-10"]
            for id in ids { try await store.upsertSubscriber(try Sample.subscriber(id), at: Sample.at(0)) }
            var seen: [String] = []
            var cursor: SubscriberID?
            while true {
                let page = try await store.subscribers(after: cursor, limit: 2)
                #expect(page.count <= 2)
                guard let last = page.last else { break }
                seen += page.map(\.id.rawValue)
                cursor = last.id
            }
            #expect(seen == ids.sorted())  // bytewise: upper case first
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func feedsChangesInOrder(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            let a = try await store.upsertSubscriber(try Sample.subscriber("s-a"), at: Sample.at(0))
            let b = try await store.upsertSubscriber(try Sample.subscriber("s-b"), at: Sample.at(1))
            let c = try await store.upsertSubscriber(try Sample.subscriber("s-a", region: "340100"), at: Sample.at(2))
            #expect(a < b && b < c)
            let all = try await store.subscriberChanges(after: 0, limit: 10)
            #expect(all.map(\.sequence) == [a, b, c])
            #expect(all.map(\.subscriberID.rawValue) == ["s-a", "s-b", "s-a"])
            #expect(all.last?.subscriber == (try Sample.subscriber("s-a", region: "340100")))
            let tail = try await store.subscriberChanges(after: a, limit: 1)
            #expect(tail.map(\.sequence) == [b])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func deletesTheSubscriberAndItsDocumentsButKeepsDeliveryCounts(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = opened.store
            try await store.upsertSubscriber(try Sample.subscriber("s-gone"), at: Sample.at(0))
            try await store.upsertSubscriber(try Sample.subscriber("s-gone", region: "340100"), at: Sample.at(1))
            try await store.upsertSubscriber(try Sample.subscriber("s-stays", phone: "13900001111"), at: Sample.at(2))
            let key = Sample.key("evt-1", "s-gone")
            _ = try await store.claim([key], by: "w1", now: Sample.at(3), lease: .seconds(30))
            try await store.complete([(key, .delivered(providerReference: "p-1"))], by: "w1", at: Sample.at(4))
            try await store.appendSandbox([SandboxMessage(deliveryID: key.deliveryID, eventID: "evt-1", subscriberID: Sample.id("s-gone"),
                                                          channel: .sms, maskedAddress: "138****1234", title: "t", body: "b",
                                                          capturedAt: Sample.at(4))])

            #expect(try await store.deleteSubscriber(Sample.id("s-gone"), at: Sample.at(5)) == true)
            #expect(try await store.deleteSubscriber(Sample.id("s-gone"), at: Sample.at(6)) == false)
            #expect(try await store.subscriber(Sample.id("s-gone")) == nil)

            let changes = try await store.subscriberChanges(after: 0, limit: 10)
            #expect(changes.map(\.subscriberID.rawValue) == ["s-gone", "s-gone", "s-stays", "s-gone"])
            #expect(changes.last?.subscriber == nil)
            #expect(changes.filter { $0.subscriberID.rawValue == "s-gone" }.allSatisfy { $0.subscriber == nil })
            #expect(changes[2].subscriber != nil)

            // Really gone from the tables, not only hidden; the other subscriber is untouched.
            #expect(try await opened.scalarInt("SELECT count(*) FROM subscribers WHERE id = 's-gone'") == 0)
            #expect(try await opened.scalarInt(
                "SELECT count(*) FROM subscriber_changes WHERE subscriber_id = 's-gone' AND document IS NOT NULL") == 0)
            #expect(try await opened.scalarInt("SELECT count(*) FROM sandbox_messages WHERE subscriber_id = 's-gone'") == 0)
            #expect(try await opened.scalarInt(
                "SELECT count(*) FROM subscriber_changes WHERE subscriber_id = 's-stays' AND document IS NOT NULL") == 1)
            // The delivery record (counts) stays.
            #expect(try await store.delivery(key)?.status == .delivered)
            #expect(try await store.deliveryCounts() == [DeliveryCount(channel: .sms, status: .delivered, count: 1)])
        }
    }
}
