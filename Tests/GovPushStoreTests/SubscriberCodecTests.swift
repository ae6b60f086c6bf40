import Foundation
import GovPushDomain
@testable import GovPushStore
import Testing

/// The stored subscriber's binary form: every field round-trips, older JSON documents still read, and a
/// damaged document fails with its field named and no address in the message.
@Suite struct SubscriberCodecTests {
    static func everyField() throws -> Subscriber {
        try Subscriber(
            id: SubscriberID("wst-9/zhang"),
            regions: [SubscribedRegion(RegionCode("340223"), role: .home), SubscribedRegion(RegionCode("340223"), role: .work),
                      SubscribedRegion(RegionCode("150623"), role: .work)],
            domains: [DomainID("social-assistance"), DomainID("employment")],
            serviceItems: [ServiceItemID("340223-dibao-apply")],
            channels: [.sms(PhoneNumber("13812345678")), .email(EmailAddress("li.si@example.com")),
                       .wechat(openID: WeChatOpenID("oAbC-123_x")), .app(userID: AppUserID("wst-42")),
                       .wecomGroup(botKey: WeComBotKey("693a91f6-7xxx"))],
            channelOrder: [.wechat, .sms, .app, .email, .wecomGroup],
            quietHours: try QuietHours(startMinute: 22 * 60 + 30, endMinute: 7 * 60),
            optOuts: [.serviceProgress, .policy]
        )
    }

    static func minimal(quietHours: QuietHours?) throws -> Subscriber {
        try Subscriber(id: SubscriberID("bench-1"), regions: [SubscribedRegion(RegionCode("340223"), role: .home)],
                       channels: [.app(userID: AppUserID("wst-1"))], quietHours: quietHours)
    }

    @Test func everyFieldRoundTrips() throws {
        let subscriber = try Self.everyField()
        let bytes = SubscriberCodec.encode(subscriber)
        #expect(SubscriberCodec.isBinary(bytes))
        let decoded = try SubscriberCodec.decode(bytes)
        #expect(decoded == subscriber)
        #expect(decoded.channelOrder == subscriber.channelOrder, "order is meaning, not just membership")
        for quiet in [nil, QuietHours.default] {
            let minimal = try Self.minimal(quietHours: quiet)
            #expect(try SubscriberCodec.decode(SubscriberCodec.encode(minimal)) == minimal)
        }
    }

    @Test func documentsWrittenAsJSONStillRead() throws {
        let subscriber = try Self.everyField()
        let cipher = PersonalDataCipher.ephemeral()
        let json = try JSONEncoder().encode(subscriber)
        for stored in [Array(json), try cipher.seal(Array(json))] {
            #expect(try SubscriberDocument.decode(stored, cipher: cipher, id: "wst-9/zhang", backend: "sqlite") == subscriber)
        }
        let written = try SubscriberDocument.encode(subscriber, cipher: cipher, backend: "sqlite")
        #expect(PersonalDataCipher.isSealed(written))
        #expect(SubscriberCodec.isBinary(try cipher.open(written)))
        #expect(try SubscriberDocument.decode(written, cipher: cipher, id: "wst-9/zhang", backend: "sqlite") == subscriber)
    }

    @Test func damagedDocumentsFailWithTheFieldAndNoAddress() throws {
        let bytes = SubscriberCodec.encode(try Self.everyField())
        for cut in [1, 5, bytes.count / 2, bytes.count - 1] {
            let error = #expect(throws: BinaryDecodingError.self) { try SubscriberCodec.decode(Array(bytes.prefix(cut))) }
            #expect(error?.reason.contains("truncated") == true)
        }
        #expect(throws: BinaryDecodingError.self) { try SubscriberCodec.decode(bytes + [0]) }

        // A phone number that no longer validates: the message names the field, not the number.
        let badPhone = #expect(throws: BinaryDecodingError.self) {
            try SubscriberCodec.decode(Self.document(channel: ("sms", "12345"), order: "sms"))
        }
        #expect(badPhone?.description == "unreadable subscriber: invalid sms address")
        // Values still pass the subscriber's own rules (here: an order naming a channel it does not have).
        let unordered = #expect(throws: BinaryDecodingError.self) {
            try SubscriberCodec.decode(Self.document(channel: ("app", "wst-1"), order: "email"))
        }
        #expect(unordered?.reason.hasPrefix("channelOrder[0]") == true)
    }

    /// A hand-written document with one region, one channel and a one-item channel order.
    static func document(channel: (kind: String, address: String), order: String) -> [UInt8] {
        var writer = ByteWriter()
        writer.byte(SubscriberCodec.version)
        writer.text("bench-1")
        writer.integer(UInt16(1)); writer.text("340223"); writer.text("home")
        writer.integer(UInt16(0)); writer.integer(UInt16(0))  // domains, service items
        writer.integer(UInt16(1)); writer.text(channel.kind); writer.text(channel.address)
        writer.integer(UInt16(1)); writer.text(order)
        writer.byte(0)  // no quiet hours
        writer.integer(UInt16(0))  // opt-outs
        return writer.bytes
    }
}
