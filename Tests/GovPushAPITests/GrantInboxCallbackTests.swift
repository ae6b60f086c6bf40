import Foundation
import GovPushAPI
import GovPushDomain
import GovPushStore
import GovPushTesting
import HummingbirdTesting
import Testing

/// WeChat grants (and the ledger the WeChat channel uses), inbox, notification status, callbacks, ingest.
@Suite struct GrantInboxCallbackTests {
    @Test(arguments: StoreBackend.allCases)
    func grantsAreRecordedListedAndSpentOnceThroughTheLedger(_ backend: StoreBackend) async throws {
        let harness = try await APIHarness.start(backend)
        try await harness.application().test(.router) { client in
            #expect(try await client.call(harness, .put, "/v1/subscribers/wst-7", json: Samples.subscriber).status == .created)
            let grant = try await client.call(harness, .post, "/v1/subscribers/wst-7/wechat-grants",
                                              json: #"{"templateId":"TPL-policy","openId":"oWuhuNanling0123456789abc","scene":1000}"#)
            #expect(grant.status == .created, "\(grant.text)")
            #expect(grant.json["openId"] as? String == "oWuh****bc")
            _ = try await client.call(harness, .post, "/v1/subscribers/wst-7/wechat-grants", json: #"{"templateId":"TPL-policy","openId":"oWuhuNanling0123456789abc"}"#)
            let bad = try await client.call(harness, .post, "/v1/subscribers/wst-7/wechat-grants", json: #"{"templateId":"","openId":"bad id!","scene":20000}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.issueFields).isSuperset(of: ["openId"]))
            #expect(try await client.call(harness, .post, "/v1/subscribers/nobody/wechat-grants", json: #"{"templateId":"T","openId":"o1"}"#).status == .notFound)

            let listed = try await client.call(harness, .get, "/v1/subscribers/wst-7/wechat-grants")
            #expect((listed.json["items"] as? [[String: Any]])?.count == 2)

            // The WeChat channel's side: reserve (idempotent per delivery), consume, release, revoke.
            let id = try SubscriberID("\(harness.tenant.id)/wst-7")
            let first = try #require(try await harness.store.reserveGrant(subscriber: id, templateID: "TPL-policy", deliveryID: "d1", at: Date()))
            #expect(first.openID == "oWuhuNanling0123456789abc", "the ledger hands the channel the openid in clear")
            #expect(try await harness.store.reserveGrant(subscriber: id, templateID: "TPL-policy", deliveryID: "d1", at: Date())?.id == first.id)
            try await harness.store.consumeGrant(id: first.id, at: Date())
            let second = try #require(try await harness.store.reserveGrant(subscriber: id, templateID: "TPL-policy", deliveryID: "d2", at: Date()))
            #expect(second.id != first.id)
            try await harness.store.releaseGrant(id: second.id, at: Date())
            try await harness.store.revokeGrants(subscriber: id, templateID: "TPL-policy", at: Date())
            #expect(try await harness.store.reserveGrant(subscriber: id, templateID: "TPL-policy", deliveryID: "d3", at: Date()) == nil)
            let remaining = try await client.call(harness, .get, "/v1/subscribers/wst-7/wechat-grants")
            #expect((remaining.json["items"] as? [[String: Any]])?.isEmpty == true)
        }
        try await harness.stop()
    }

    @Test(arguments: StoreBackend.allCases)
    func theInboxPagesNewestFirstAndMarksRead(_ backend: StoreBackend) async throws {
        let harness = try await APIHarness.start(backend)
        try await harness.application().test(.router) { client in
            #expect(try await client.call(harness, .put, "/v1/subscribers/wst-9", json: Samples.subscriber).status == .created)
            let id = try SubscriberID("\(harness.tenant.id)/wst-9")
            let base = Date(timeIntervalSince1970: 1_760_000_000)
            var keys: [DeliveryKey] = []
            for i in 0..<5 {
                let key = DeliveryKey(eventID: "evt-\(i)", subscriberID: id, channel: .sms)
                _ = try await harness.store.claim([key], by: "w", now: base + Double(i), lease: .seconds(30))
                keys.append(key)
            }
            try await harness.store.complete([(keys[4], .delivered(providerReference: "p"))], by: "w", at: base + 10)
            let page1 = try await client.call(harness, .get, "/v1/subscribers/wst-9/inbox?limit=2")
            let items1 = try #require(page1.json["items"] as? [[String: Any]])
            #expect(items1.map { $0["eventId"] as? String } == ["evt-4", "evt-3"])
            #expect(items1.first?["status"] as? String == "delivered")
            let cursor = try #require(page1.json["nextCursor"] as? String)
            let page2 = try await client.call(harness, .get, "/v1/subscribers/wst-9/inbox?limit=2&cursor=\(cursor)")
            #expect((page2.json["items"] as? [[String: Any]])?.map { $0["eventId"] as? String } == ["evt-2", "evt-1"])
            let cursor2 = try #require(page2.json["nextCursor"] as? String)
            let page3 = try await client.call(harness, .get, "/v1/subscribers/wst-9/inbox?limit=2&cursor=\(cursor2)")
            #expect((page3.json["items"] as? [[String: Any]])?.count == 1)
            #expect(page3.json["nextCursor"] is NSNull)

            let read = try await client.call(harness, .post, "/v1/subscribers/wst-9/inbox/\(keys[4].deliveryID)/read")
            #expect(read.status == .noContent)
            let after = try await client.call(harness, .get, "/v1/subscribers/wst-9/inbox?limit=1")
            #expect((after.json["items"] as? [[String: Any]])?.first?["read"] as? Bool == true)
            #expect(try await client.call(harness, .post, "/v1/subscribers/wst-9/inbox/not-mine/read").status == .notFound)
            #expect(try await client.call(harness, .get, "/v1/subscribers/wst-9/inbox?limit=0").status == .badRequest)
            #expect(try await client.call(harness, .get, "/v1/subscribers/wst-9/inbox?cursor=%%%").status == .badRequest)

            let status = try await client.call(harness, .get, "/v1/notifications/\(keys[4].deliveryID)")
            #expect(status.status == .ok)
            #expect(status.json["externalId"] as? String == "wst-9" && status.json["status"] as? String == "delivered")
            #expect(try await client.call(harness, .get, "/v1/notifications/unknown").status == .notFound)
        }
        try await harness.stop()
    }

    @Test func statusCallbackRegistrationAndIngest() async throws {
        let harness = try await APIHarness.start()
        try await harness.application().test(.router) { client in
            #expect(try await client.call(harness, .get, "/v1/status-callback").status == .notFound)
            let badURL = try await client.call(harness, .put, "/v1/status-callback", json: #"{"url":"ftp://user:pw@x"}"#)
            #expect(badURL.status == .unprocessableContent && badURL.issueFields == ["url"])
            #expect(try await client.call(harness, .put, "/v1/status-callback", json: #"{"url":"https://app.example.cn/govpush/status"}"#).status == .ok)
            #expect(try await client.call(harness, .get, "/v1/status-callback").json["url"] as? String == "https://app.example.cn/govpush/status")
            #expect(try await client.call(harness, .delete, "/v1/status-callback").status == .noContent)

            let policy = String(decoding: try RepositoryFiles.bytes("docs/schemas/examples/policy-published-wuhu.json"), as: UTF8.self)
            let target = "/v1/events?type=cn.gov.disclosure.policy.published"
            let accepted = try await client.call(harness, .post, target, json: policy)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            #expect((accepted.json["id"] as? String)?.isEmpty == false)

            let refused = try await client.call(harness, .post, target, json: #"{"title":""}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.issueFields.count > 1, "every issue is listed: \(refused.issueFields)")
            // Bare data names no type (a structured CloudEvent carries its own): the query must.
            let noType = try await client.call(harness, .post, "/v1/events", json: #"{"policyId":"wuhu-1"}"#)
            #expect(noType.status == .unprocessableContent && noType.issueFields == ["type"], "\(noType.status) \(noType.text)")
        }
        try await harness.stop()
    }
}
