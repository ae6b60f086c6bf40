import Foundation
import Testing
@testable import GovPushDomain

/// Personal data (DOMAIN.md "Privacy") must never appear in clear in any printed form.
@Suite struct SubscriberMaskingTests {
    static let clearTexts = ["13812341234", "zhangsan@example.com", "oAbCdEfGhIjKlMnOpQrStUvWxYz0", "app-user-778899", "693a91f6-7a0b-4c5d"]

    static func subscriber() throws -> Subscriber {
        try Subscriber(
            id: SubscriberID("wst-1"),
            regions: [SubscribedRegion(RegionCode("340223"), role: .home)],
            channels: [
                .sms(PhoneNumber("13812341234")),
                .email(EmailAddress("zhangsan@example.com")),
                .wechat(openID: WeChatOpenID("oAbCdEfGhIjKlMnOpQrStUvWxYz0")),
                .app(userID: AppUserID("app-user-778899")),
                .wecomGroup(botKey: WeComBotKey("693a91f6-7a0b-4c5d")),
            ]
        )
    }

    @Test func masksAddressesInTheirOwnDescriptions() throws {
        #expect(try PhoneNumber("13812341234").description == "138****1234")
        #expect(try EmailAddress("zhangsan@example.com").description == "z***@example.com")
        #expect(try WeChatOpenID("oAbCdEfGhIjKlMnOpQrStUvWxYz0").description == "oAbC****z0")
        #expect(try AppUserID("u1").description == "****")
        #expect("\(try PhoneNumber("13812341234"))" == "138****1234")
        #expect(String(reflecting: try PhoneNumber("13812341234")) == "138****1234")
    }

    @Test func neverPrintsAddressesInClear() throws {
        let s = try Self.subscriber()
        var dumped = ""
        dump(s, to: &dumped)
        var dumpedChannel = ""
        dump(s.channels, to: &dumpedChannel)
        var dumpedPhone = ""
        dump(try PhoneNumber("13812341234"), to: &dumpedPhone)
        let renderings = [s.description, s.debugDescription, "\(s)", String(reflecting: s), dumped, dumpedChannel,
                          dumpedPhone, "\(s.channels)", String(describing: s.channels[0])]
        for rendering in renderings {
            for clear in Self.clearTexts {
                #expect(!rendering.contains(clear), "\(clear) leaked in \(rendering)")
            }
        }
        #expect(s.description.contains("138****1234") && s.description.contains("z***@example.com"))
    }

    @Test func validationErrorsDoNotQuoteTheAddress() {
        let error = #expect(throws: SubscriberValidationError.self) { try PhoneNumber("1381234123") }
        #expect(error?.description.contains("1381234123") == false)
    }
}
