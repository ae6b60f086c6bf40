import Foundation
import GovPushAPI
import GovPushDomain
import GovPushStore
import GovPushTesting
import HummingbirdTesting
import Testing

/// PUT/GET/DELETE subscribers, subscriptions, preferences and lookups: success and refusal paths.
@Suite struct SubscriberEndpointTests {
    @Test(arguments: StoreBackend.allCases)
    func aSubscriberIsCreatedUpdatedReadAndScopedToItsTenant(_ backend: StoreBackend) async throws {
        let harness = try await APIHarness.start(backend)
        try await harness.application().test(.router) { client in
            let created = try await client.call(harness, .put, "/v1/subscribers/wst-1001", json: Samples.subscriber)
            #expect(created.status == .created, "\(created.text)")
            let again = try await client.call(harness, .put, "/v1/subscribers/wst-1001", json: Samples.subscriber)
            #expect(again.status == .ok, "a second PUT of the same subscriber replaces it")

            let read = try await client.call(harness, .get, "/v1/subscribers/wst-1001")
            #expect(read.status == .ok)
            #expect(read.text.contains("138****5678") && read.text.contains("z***@example.com"))
            #expect(!read.text.contains("13812345678") && !read.text.contains("oWuhuNanling0123456789abc"), "addresses come back masked")
            #expect(read.json["quietHours"] as? [String: String] == ["start": "22:00", "end": "07:30"])
            #expect(read.json["channelOrder"] as? [String] == ["wechat", "sms", "email"])

            // The phone was normalised from +86 form: the stored subscriber has the 11 digits.
            let stored = try await harness.store.subscriber(try SubscriberID("\(harness.tenant.id)/wst-1001"))
            #expect(stored?.channel(.sms) == .sms(try PhoneNumber("13812345678")))

            let subscriptions = try await client.call(harness, .put, "/v1/subscribers/wst-1001/subscriptions",
                                                      json: #"{"regions":[{"code":"341800"}],"domains":["employment"],"serviceItems":["340223-001"]}"#)
            #expect(subscriptions.status == .ok)
            #expect((subscriptions.json["regions"] as? [[String: String]])?.first?["code"] == "341800")
            #expect(subscriptions.json["channelOrder"] as? [String] == ["wechat", "sms", "email"], "preferences stay")

            let preferences = try await client.call(harness, .put, "/v1/subscribers/wst-1001/preferences",
                                                    json: #"{"channelOrder":["sms"],"quietHours":null,"optOuts":["policy"]}"#)
            #expect(preferences.status == .ok, "\(preferences.text)")
            #expect(preferences.json["quietHours"] is NSNull)
            #expect(preferences.json["optOuts"] as? [String] == ["policy"])
            #expect((preferences.json["domains"] as? [String]) == ["employment"], "subscriptions stay")

            let lookup = try await client.call(harness, .post, "/v1/subscriber-lookups", json: #"{"phone":"13812345678"}"#)
            #expect(lookup.json["externalIds"] as? [String] == ["wst-1001"])

            // Another tenant sees none of it.
            let other = try await TenantProvisioning.create(name: "other", scopes: APIScope.allCases, in: harness.store).tenant
            let foreign = try await client.call(harness, .get, "/v1/subscribers/wst-1001",
                                                headers: harness.signedHeaders(.get, "/v1/subscribers/wst-1001", body: [], tenant: other))
            #expect(foreign.status == .notFound)
            let foreignLookup = try await client.call(harness, .post, "/v1/subscriber-lookups", json: #"{"phone":"13812345678"}"#,
                                                      headers: harness.signedHeaders(.post, "/v1/subscriber-lookups", body: Array(#"{"phone":"13812345678"}"#.utf8), tenant: other))
            #expect(foreignLookup.json["externalIds"] as? [String] == [])
        }
        try await harness.stop()
    }

    @Test func invalidSubscribersAreRefusedWithEveryFieldNamed() async throws {
        let harness = try await APIHarness.start()
        try await harness.application().test(.router) { client in
            let bad = try await client.call(harness, .put, "/v1/subscribers/wst-1", json: """
                {"regions":[{"code":"340299"},{"code":"x"}],"domains":["no-such-domain"],
                 "channels":[{"kind":"sms","phone":"12345"},{"kind":"fax","number":"1"}],
                 "quietHours":{"start":"25:00","end":"08:00"},"optOuts":["weather"],"colour":"red"}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "application/problem+json")
            #expect(bad.problemType == "urn:govpush:problem:validation-failed")
            #expect(Set(bad.issueFields).isSuperset(of: ["regions[0].code", "regions[1].code", "domains[0]", "channels[0].phone",
                                                         "channels[1].kind", "quietHours.start", "optOuts[0]", "colour"]), "\(bad.issueFields)")
            #expect(!bad.text.contains("12345\""), "the refused phone number is not echoed")

            let crossField = try await client.call(harness, .put, "/v1/subscribers/wst-1",
                                                   json: #"{"regions":[{"code":"340223"}],"channels":[{"kind":"sms","phone":"13812345678"}],"channelOrder":["email"]}"#)
            #expect(crossField.status == .unprocessableContent)
            #expect(crossField.issueFields == ["channelOrder[0]"])

            let malformed = try await client.call(harness, .put, "/v1/subscribers/wst-1", json: "{not json")
            #expect(malformed.status == .badRequest)
            #expect(malformed.problemType == "urn:govpush:problem:malformed-json")

            let phoneID = try await client.call(harness, .get, "/v1/subscribers/13812345678")
            #expect(phoneID.status == .badRequest)
            #expect(phoneID.issueFields == ["externalId"])

            #expect(try await client.call(harness, .get, "/v1/subscribers/nobody").status == .notFound)
            #expect(try await client.call(harness, .delete, "/v1/subscribers/nobody").status == .notFound)
            #expect(try await client.call(harness, .put, "/v1/subscribers/nobody/preferences", json: "{}").status == .notFound)
            let twoLookups = try await client.call(harness, .post, "/v1/subscriber-lookups", json: #"{"phone":"13812345678","email":"a@b.cn"}"#)
            #expect(twoLookups.status == .unprocessableContent)
        }
        try await harness.stop()
    }
}
