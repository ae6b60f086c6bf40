import Foundation
import GovPushAPI
import GovPushTesting
import HTTPTypes
import HummingbirdTesting
import Testing

/// Signatures, timestamps, nonces, scopes, rate limits and body limits.
@Suite struct AuthenticationTests {
    @Test(arguments: StoreBackend.allCases)
    func badSignaturesStaleTimestampsReplaysAndMissingScopesAreRefused(_ backend: StoreBackend) async throws {
        let harness = try await APIHarness.start(backend)
        try await harness.application().test(.router) { client in
            let target = "/v1/subscribers/wst-1?x=1"
            var unsigned = HTTPFields()
            unsigned[.contentType] = "application/json"
            let missing = try await client.call(harness, .get, target, headers: unsigned)
            #expect(missing.status == .unauthorized && missing.problemType == "urn:govpush:problem:missing-credentials")

            let wrongSecret = try await client.call(harness, .get, target, headers: harness.signedHeaders(.get, target, body: [], secret: Array("nope".utf8)))
            #expect(wrongSecret.status == .unauthorized && wrongSecret.problemType == "urn:govpush:problem:invalid-signature")

            // Signed for another path (the query is part of what is signed).
            let otherPath = try await client.call(harness, .get, target, headers: harness.signedHeaders(.get, "/v1/subscribers/wst-1", body: []))
            #expect(otherPath.status == .unauthorized)

            let now = Int64(harness.clock.now.timeIntervalSince1970)
            let stale = try await client.call(harness, .get, target, headers: harness.signedHeaders(.get, target, body: [], timestamp: now - 301))
            #expect(stale.status == .unauthorized && stale.problemType == "urn:govpush:problem:stale-timestamp")
            let withinSkew = try await client.call(harness, .get, target, headers: harness.signedHeaders(.get, target, body: [], timestamp: now - 299))
            #expect(withinSkew.status == .notFound, "an accepted request reaches the handler")

            let headers = harness.signedHeaders(.get, target, body: [], nonce: "nonce-0123456789abcdef")
            #expect(try await client.call(harness, .get, target, headers: headers).status == .notFound)
            let replay = try await client.call(harness, .get, target, headers: headers)
            #expect(replay.status == .unauthorized && replay.problemType == "urn:govpush:problem:replayed-nonce")

            let readOnly = try await TenantProvisioning.create(name: "reader", scopes: [.read], in: harness.store).tenant
            let body = Array(Samples.subscriber.utf8)
            let forbidden = try await client.call(harness, .put, "/v1/subscribers/wst-1", json: Samples.subscriber,
                                                  headers: harness.signedHeaders(.put, "/v1/subscribers/wst-1", body: body, tenant: readOnly))
            #expect(forbidden.status == .forbidden && forbidden.problemType == "urn:govpush:problem:missing-scope")
            let ingest = try await client.call(harness, .post, "/v1/events", json: "{}",
                                               headers: harness.signedHeaders(.post, "/v1/events", body: Array("{}".utf8), tenant: readOnly))
            #expect(ingest.status == .forbidden)
        }
        try await harness.stop()
    }

    @Test func aNonceReplayedToAnotherAPIProcessIsRefusedToo() async throws {
        let harness = try await APIHarness.start()
        let second = try await harness.fixture.open()  // another process on the same database
        let registry = second.apiStore
        let now = Date()
        #expect(try await harness.store.registerNonce("n-0123456789abcdef", keyID: harness.tenant.id, expiresAt: now + 300, now: now))
        #expect(try await registry.registerNonce("n-0123456789abcdef", keyID: harness.tenant.id, expiresAt: now + 300, now: now) == false)
        // Expired nonces are purged, so the table does not grow without bound.
        #expect(try await registry.registerNonce("n-0123456789abcdef", keyID: harness.tenant.id, expiresAt: now + 900, now: now + 301))
        try await second.store.close()
        try await harness.stop()
    }

    @Test func aTenantOverItsRateGets429WithRetryAfter() async throws {
        let harness = try await APIHarness.start { $0.requestsPerSecond = 0.5; $0.burst = 2 }
        try await harness.application().test(.router) { client in
            #expect(try await client.call(harness, .get, "/v1/status-callback").status == .notFound)
            #expect(try await client.call(harness, .get, "/v1/status-callback").status == .notFound)
            let limited = try await client.call(harness, .get, "/v1/status-callback")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "2")
            // Two seconds later (on the harness clock) a token is back.
            harness.clock.advance(2)
            #expect(try await client.call(harness, .get, "/v1/status-callback").status == .notFound)
        }
        try await harness.stop()
    }

    @Test func oversizedBodiesGet413() async throws {
        let harness = try await APIHarness.start { $0.maximumBodyBytes = 2048 }
        try await harness.application().test(.router) { client in
            let big = "{\"x\":\"" + String(repeating: "a", count: 4096) + "\"}"
            let reply = try await client.call(harness, .post, "/v1/events", json: big)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.problemType == "urn:govpush:problem:body-too-large")
        }
        try await harness.stop()
    }
}
