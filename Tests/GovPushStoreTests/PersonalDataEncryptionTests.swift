import Foundation
import GovPushDomain
import GovPushStore
import GovPushTesting
import Testing

/// Subscriber documents are sealed at rest; rotation keeps old rows readable and re-encrypts them.
@Suite struct PersonalDataEncryptionTests {
    static func subscriber() throws -> Subscriber {
        try Subscriber(id: SubscriberID("t/enc-1"), regions: [SubscribedRegion(RegionCode("340223"), role: .home)],
                       channels: [.sms(PhoneNumber("13812345678")), .email(EmailAddress("li.si@example.com"))])
    }

    @Test func theCipherRefusesTamperingAndUnknownKeys() throws {
        let cipher = PersonalDataCipher.ephemeral()
        var sealed = try cipher.seal(Array("13812345678".utf8))
        #expect(try cipher.open(sealed) == Array("13812345678".utf8))
        #expect(!String(decoding: sealed, as: UTF8.self).contains("13812345678"))
        sealed[sealed.count - 1] ^= 1
        #expect(throws: PersonalDataCipher.Failure.self) { try cipher.open(sealed) }
        #expect(throws: PersonalDataCipher.Failure.self) { try PersonalDataCipher.ephemeral().open(try cipher.seal([1, 2, 3])) }
        #expect(throws: DataKeyRing.Problem.self) { try DataKeyRing(configuration: "k1=c2hvcnQ=") }
        #expect(throws: DataKeyRing.Problem.self) { try DataKeyRing(configuration: "") }
        #expect(cipher.lookupHash("sms:13812345678") == cipher.lookupHash("sms:13812345678"))
        #expect(cipher.lookupHash("sms:13812345678") != PersonalDataCipher.ephemeral().lookupHash("sms:13812345678"))
    }

    @Test(arguments: StoreBackend.allCases)
    func rotationKeepsOldRowsReadableAndReencryptsThem(_ backend: StoreBackend) async throws {
        let old = DataKeyRing.generated(id: "k2025")
        let new = DataKeyRing.generated(id: "k2026")
        let fixture = try StoreFixture(backend, cipher: PersonalDataCipher(ring: old))
        let first = try await fixture.open()
        try await first.store.upsertSubscriber(try Self.subscriber(), at: Date())
        #expect(try await first.scalarInt("SELECT count(*) FROM subscribers") == 1)
        try await first.store.close()

        // New primary first, old still listed: old rows read, new writes use the new key.
        let both = try DataKeyRing(configuration: new.configurationText + "," + old.configurationText)
        let rotated = try StoreFixtureReopen.open(fixture, cipher: PersonalDataCipher(ring: both))
        let store = try await rotated()
        #expect(try await store.subscriber(try SubscriberID("t/enc-1")) == (try Self.subscriber()))
        #expect(try await store.reencryptPersonalData() >= 2, "the document and its change history")
        #expect(try await store.reencryptPersonalData() == 0, "idempotent")
        try await store.close()

        // After re-encryption the old key can go.
        let onlyNew = try await StoreFixtureReopen.open(fixture, cipher: PersonalDataCipher(ring: new))()
        #expect(try await onlyNew.subscriber(try SubscriberID("t/enc-1")) == (try Self.subscriber()))
        let hashes = PersonalDataCipher(ring: new).lookupHashes("sms:13812345678")
        #expect(try await onlyNew.subscriberIDs(withContactHashes: hashes) == [try SubscriberID("t/enc-1")])
        try await onlyNew.close()
        try await fixture.destroy()
    }
}

/// Opens the fixture's database with another cipher (the same database after a key change).
enum StoreFixtureReopen {
    static func open(_ fixture: StoreFixture, cipher: PersonalDataCipher) throws -> @Sendable () async throws -> any APIStore {
        let twin = try StoreFixture(reopening: fixture, cipher: cipher)
        return { try await twin.open().apiStore }
    }
}
