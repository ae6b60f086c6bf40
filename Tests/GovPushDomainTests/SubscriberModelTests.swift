import Foundation
import Testing
@testable import GovPushDomain

@Suite struct SubscriberModelTests {
    static let nanling = try! RegionCode("340223")
    static let village = try! RegionCode("340223100201")

    static func phone() throws -> SubscriberChannel { .sms(try PhoneNumber("13812341234")) }

    @Test func buildsAValidSubscriberWithDefaults() throws {
        let s = try Subscriber(
            id: SubscriberID("wst-00042"),
            regions: [SubscribedRegion(Self.village, role: .home), SubscribedRegion(Self.nanling, role: .work)],
            domains: [DomainID("social-assistance")],
            channels: [Self.phone(), .email(EmailAddress("Zhang.San@Example.COM"))]
        )
        #expect(s.channelOrder == [.sms, .email])
        #expect(s.quietHours == QuietHours.default)
        #expect(s.accepts(.policy))
        if case .email(let address) = s.channel(.email) { #expect(address.clearText == "Zhang.San@example.com") }
    }

    @Test func acceptsTheSameCodeWithDifferentRoles() throws {
        let s = try Subscriber(id: SubscriberID("a"),
                               regions: [SubscribedRegion(Self.village, role: .home), SubscribedRegion(Self.village, role: .work)],
                               channels: [Self.phone()])
        #expect(s.regions.count == 2)
    }

    @Test func refusesMissingRegions() throws {
        let error = #expect(throws: SubscriberValidationError.self) {
            try Subscriber(id: SubscriberID("a"), regions: [], channels: [Self.phone()])
        }
        #expect(error == SubscriberValidationError(field: "regions", reason: "a subscriber needs at least one region"))
    }

    @Test func reportsTheOffendingFieldAndReason() throws {
        let home = SubscribedRegion(Self.village, role: .home)
        let id = try SubscriberID("a")
        let cases: [(() throws -> Subscriber, String)] = [
            ({ try Subscriber(id: id, regions: [home, home], channels: [Self.phone()]) }, "regions[1]"),
            ({ try Subscriber(id: id, regions: [home], domains: [DomainID("jobs"), DomainID("jobs")], channels: [Self.phone()]) }, "domains[1]"),
            ({ try Subscriber(id: id, regions: [home], serviceItems: [ServiceItemID("x1"), ServiceItemID("x1")], channels: [Self.phone()]) }, "serviceItems[1]"),
            ({ try Subscriber(id: id, regions: [home], channels: []) }, "channels"),
            ({ try Subscriber(id: id, regions: [home], channels: [Self.phone(), .sms(PhoneNumber("13900001111"))]) }, "channels[1]"),
            ({ try Subscriber(id: id, regions: [home], channels: [Self.phone()], channelOrder: [.sms, .wechat]) }, "channelOrder[1]"),
            ({ try Subscriber(id: id, regions: [home], channels: [Self.phone()], channelOrder: [.sms, .sms]) }, "channelOrder[1]"),
            ({ try Subscriber(id: id, regions: [home], channels: [Self.phone()], channelOrder: []) }, "channelOrder"),
        ]
        for (make, field) in cases {
            let error = #expect(throws: SubscriberValidationError.self) { try make() }
            #expect(error?.field == field)
            #expect(error?.reason.isEmpty == false)
        }
        let missing = #expect(throws: SubscriberValidationError.self) {
            try Subscriber(id: id, regions: [home], channels: [Self.phone()], channelOrder: [.wechat])
        }
        #expect(missing?.description == "channelOrder[0]: no wechat channel to send through")
    }

    @Test func validatesParts() {
        #expect(throws: SubscriberValidationError(field: "id", reason: "must be 1-128 bytes long")) { try SubscriberID("") }
        #expect(throws: SubscriberValidationError(field: "id", reason: "must be printable ASCII without spaces")) { try SubscriberID("a b") }
        #expect(throws: SubscriberValidationError(field: "phone", reason: "phone number must be an 11-digit mainland mobile number")) {
            try PhoneNumber("1381234123")
        }
        #expect(throws: SubscriberValidationError.self) { try PhoneNumber("12812341234") }
        #expect(throws: SubscriberValidationError.self) { try PhoneNumber("138123412a4") }
        #expect((try? PhoneNumber("+86 138-1234-1234"))?.clearText == "13812341234")
        #expect(throws: SubscriberValidationError.self) { try EmailAddress("no-at-sign") }
        #expect(throws: SubscriberValidationError.self) { try EmailAddress("a@localhost") }
        #expect(throws: SubscriberValidationError.self) { try EmailAddress("a b@example.com") }
        #expect(throws: SubscriberValidationError.self) { try WeChatOpenID("o/abc") }
        #expect(throws: SubscriberValidationError.self) { try ServiceItemID("") }
        let grant = #expect(throws: SubscriberValidationError.self) {
            try OneTimeGrant(templateID: "tpl", scene: 10_001, grantedAt: Date(timeIntervalSince1970: 0))
        }
        #expect(grant?.field == "scene")
    }

    @Test func quietHoursWrapMidnightAndValidate() throws {
        let quiet = QuietHours.default
        #expect(quiet.startMinute == 21 * 60 && quiet.endMinute == 8 * 60)
        #expect(quiet.contains(minuteOfDay: 21 * 60) && quiet.contains(minuteOfDay: 0) && quiet.contains(minuteOfDay: 8 * 60 - 1))
        #expect(!quiet.contains(minuteOfDay: 8 * 60) && !quiet.contains(minuteOfDay: 12 * 60))
        let lunch = try QuietHours(startMinute: 12 * 60, endMinute: 14 * 60)
        #expect(lunch.contains(minuteOfDay: 13 * 60) && !lunch.contains(minuteOfDay: 14 * 60))
        #expect(quiet.description == "21:00–08:00")
        #expect(throws: SubscriberValidationError(field: "startMinute", reason: "must be in 0..<1440, got 1440")) {
            try QuietHours(startMinute: 1440, endMinute: 0)
        }
        #expect(throws: SubscriberValidationError.self) { try QuietHours(startMinute: 60, endMinute: 60) }
    }

    @Test func roundTripsThroughJSONAndValidatesWhenDecoding() throws {
        let s = try Subscriber(
            id: SubscriberID("wst-7"),
            regions: [SubscribedRegion(Self.village, role: .home)],
            domains: [DomainID("employment")],
            serviceItems: [ServiceItemID("340223-001")],
            channels: [.wechat(openID: WeChatOpenID("oAbCdEfGhIjKlMnOpQrStUvWxYz0")),
                       .app(userID: AppUserID("u-1")), .wecomGroup(botKey: WeComBotKey("693a91f6-7xxx"))],
            channelOrder: [.wechat, .app],
            quietHours: nil,
            optOuts: [.interpretation]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(s)
        #expect(String(decoding: data, as: UTF8.self).contains(#"{"botKey":"693a91f6-7xxx","kind":"wecom-group"}"#))
        #expect(try JSONDecoder().decode(Subscriber.self, from: data) == s)

        let missingQuiet = #"{"id":"x","regions":[{"code":"340223","role":"home"}],"channels":[{"kind":"sms","phone":"13812341234"}]}"#
        #expect(try JSONDecoder().decode(Subscriber.self, from: Data(missingQuiet.utf8)).quietHours == .default)

        let noRegions = #"{"id":"x","regions":[],"channels":[{"kind":"sms","phone":"13812341234"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Subscriber.self, from: Data(noRegions.utf8)) }
        let badCode = #"{"id":"x","regions":[{"code":"340023","role":"home"}],"channels":[{"kind":"sms","phone":"13812341234"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Subscriber.self, from: Data(badCode.utf8)) }
        let badPhone = #"{"id":"x","regions":[{"code":"340223","role":"home"}],"channels":[{"kind":"sms","phone":"123"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Subscriber.self, from: Data(badPhone.utf8)) }
    }
}
