import Foundation
import GovPushAPI
import GovPushDomain
import GovPushStore
import GovPushTesting
import HummingbirdTesting
import Testing

/// DELETE /v1/subscribers/{id} removes the personal data itself — clear text, ciphertext and lookup
/// hashes — from the SQLite file (WAL included) and from every PostgreSQL table; delivery counts stay.
@Suite struct ErasureTests {
    static let clearTexts = ["13812345678", "zhang.san@example.com", "oWuhuNanling0123456789abc"]

    @Test(arguments: StoreBackend.allCases)
    func deleteErasesPhoneEmailAndOpenIDInClearAndEncrypted(_ backend: StoreBackend) async throws {
        let harness = try await APIHarness.start(backend)
        try await harness.application().test(.router) { client in
            #expect(try await client.call(harness, .put, "/v1/subscribers/wst-erase", json: Samples.subscriber).status == .created)
            #expect(try await client.call(harness, .put, "/v1/subscribers/wst-erase/preferences", json: #"{"optOuts":[]}"#).status == .ok)
            #expect(try await client.call(harness, .post, "/v1/subscribers/wst-erase/wechat-grants",
                                          json: #"{"templateId":"TPL","openId":"oWuhuNanling0123456789abc"}"#).status == .created)
            let id = try SubscriberID("\(harness.tenant.id)/wst-erase")
            let key = DeliveryKey(eventID: "evt-1", subscriberID: id, channel: .sms)
            _ = try await harness.store.claim([key], by: "w", now: Date(), lease: .seconds(30))
            try await harness.store.complete([(key, .delivered(providerReference: nil))], by: "w", at: Date())

            let probe = try await ErasureProbe.capture(harness)
            #expect(probe.ciphertexts.count >= 4, "documents (2 changes + current) and the grant's openid are sealed")

            #expect(try await client.call(harness, .delete, "/v1/subscribers/wst-erase").status == .noContent)
            #expect(try await client.call(harness, .get, "/v1/subscribers/wst-erase").status == .notFound)
            try await probe.expectGone(harness)

            // Counts survive, anonymised.
            let counts = try await harness.store.deliveryCounts()
            #expect(counts.contains { $0.channel == .sms && $0.status == .delivered && $0.count == 1 })
            #expect(try await harness.opened.scalarInt("SELECT count(*) FROM deliveries WHERE subscriber_id LIKE '%wst-erase%'") == 0)
        }
        try await harness.stop()
    }
}

/// What to search for after an erasure: the clear texts, the stored ciphertexts and the lookup hashes.
struct ErasureProbe {
    var ciphertexts: [String] = []  // upper-case hex
    var hashes: [String] = []

    static func capture(_ harness: APIHarness) async throws -> ErasureProbe {
        var probe = ErasureProbe()
        switch harness.fixture.backend {
        case .sqlite:
            let script = """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1])
                for q in ["select hex(document) from subscribers", "select hex(document) from subscriber_changes where document is not null",
                          "select hex(openid) from wechat_grants"]:
                    for (v,) in c.execute(q): print("C " + v)
                for q in ["select lookup_hash from subscriber_contacts", "select openid_hash from wechat_grants"]:
                    for (v,) in c.execute(q): print("H " + v)
                """
            let result = try ChildProcess(searching: ["python3"]).run(["-c", script, harness.fixture.sqlitePath])
            #expect(result.status == 0, "\(result.errors)")
            for line in result.lines {
                if line.hasPrefix("C ") { probe.ciphertexts.append(String(line.dropFirst(2))) }
                if line.hasPrefix("H ") { probe.hashes.append(String(line.dropFirst(2))) }
            }
        case .postgres:
            let store = harness.opened.store as! PostgresNotificationStore
            try await store.run("""
                CREATE TABLE erasure_probe AS
                SELECT encode(document, 'hex') AS needle FROM subscribers
                UNION ALL SELECT encode(document, 'hex') FROM subscriber_changes WHERE document IS NOT NULL
                UNION ALL SELECT encode(openid, 'hex') FROM wechat_grants
                UNION ALL SELECT lookup_hash FROM subscriber_contacts
                UNION ALL SELECT openid_hash FROM wechat_grants
                """, operation: "capture the erasure probe")
            // Hashes are 64 hex digits; sealed values are longer.
            let sealed = try await store.scalarInt("SELECT count(*) FROM erasure_probe WHERE length(needle) > 64")
            probe.ciphertexts = Array(repeating: "(in erasure_probe)", count: sealed)
        }
        return probe
    }

    func expectGone(_ harness: APIHarness) async throws {
        switch harness.fixture.backend {
        case .sqlite:
            var bytes = Data()
            for suffix in ["", "-wal", "-journal"] {
                if let data = FileManager.default.contents(atPath: harness.fixture.sqlitePath + suffix) { bytes.append(data) }
            }
            let haystack = Array(bytes)
            #expect(haystack.count > 4096)
            for clear in ErasureTests.clearTexts {
                #expect(!contains(haystack, Array(clear.utf8)), "\(clear.prefix(3))… still in the SQLite file")
            }
            for hex in ciphertexts {
                let needle = Array(try #require([UInt8](hex: hex)).prefix(64))  // key id prefix + nonce + start of the ciphertext
                #expect(!contains(haystack, needle), "a ciphertext is still in the SQLite file")
            }
            for hash in hashes { #expect(!contains(haystack, Array(hash.utf8)), "a lookup hash is still in the SQLite file") }
        case .postgres:
            let store = harness.opened.store as! PostgresNotificationStore
            for table in ["subscribers", "subscriber_changes", "wechat_grants", "subscriber_contacts", "inbox_reads", "deliveries",
                          "sandbox_messages", "tenants", "api_nonces", "events"] {
                let leaked = try await store.scalarInt("""
                    SELECT count(*) FROM \(table) t, erasure_probe p WHERE position(p.needle in t::text) > 0
                    """)
                #expect(leaked == 0, "\(table) still holds erased ciphertext or hashes")
                for clear in ErasureTests.clearTexts {
                    #expect(try await store.scalarInt("SELECT count(*) FROM \(table) t WHERE position('\(clear)' in lower(t::text)) > 0") == 0)
                }
            }
            try await store.run("DROP TABLE erasure_probe", operation: "drop the erasure probe")
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            (0...(h.count - needle.count)).contains { i in h[i] == needle[0] && Array(h[i..<(i + needle.count)]) == needle }
        }
    }
}
