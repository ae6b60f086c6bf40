import Foundation
import GovPushDomain
import GovPushMessaging
import PropertyBased
import Testing

@Suite struct DeliveryJobCodecTests {
    static let channels = ChannelKind.allCases
    static let types = EventType.allCases

    @Test func roundTripsEveryField() async throws {
        await propertyCheck(input: Gen.int(in: 0...10_000), Gen.int(in: 0...255), Gen.bool, Gen.int(in: 0...4)) { seed, retry, urgent, fallbackCount in
            let job = DeliveryJob(
                eventID: "evt-\(seed)-政策",
                eventType: Self.types[seed % Self.types.count],
                subscriberID: try! SubscriberID("sub-\(seed)"),
                channel: Self.channels[seed % Self.channels.count],
                fallbacks: Array(Self.channels.shuffled().prefix(fallbackCount)),
                retry: retry,
                notBefore: seed % 2 == 0 ? nil : Date(timeIntervalSince1970: Double(1_795_000_000_000 + seed) / 1000),
                isUrgent: urgent
            )
            #expect((try? DeliveryJobCodec.decode(DeliveryJobCodec.encode(job))) == job)
        }
    }

    /// Poison never traps: random or truncated bytes are refused with a reason.
    @Test func refusesArbitraryBytesWithAReason() async throws {
        await propertyCheck(input: Gen<UInt8>.value(in: 0...255).array(of: 0...64)) { bytes in
            do throws(DeliveryJobCodec.DecodingFailure) { _ = try DeliveryJobCodec.decode(bytes) } catch { #expect(!error.reason.isEmpty) }
        }
        let valid = DeliveryJobCodec.encode(DeliveryJob(eventID: "e", eventType: .policyPublished, subscriberID: try SubscriberID("s"), channel: .sms, isUrgent: false))
        for cut in 0..<valid.count {
            #expect(throws: DeliveryJobCodec.DecodingFailure.self) { try DeliveryJobCodec.decode(Array(valid.prefix(cut))) }
        }
        let trailing = #expect(throws: DeliveryJobCodec.DecodingFailure.self) { try DeliveryJobCodec.decode(valid + [0]) }
        #expect(trailing?.reason == "1 trailing bytes")
        let version = #expect(throws: DeliveryJobCodec.DecodingFailure.self) { try DeliveryJobCodec.decode([9] + valid.dropFirst()) }
        #expect(version?.reason == "unknown version 9")
    }

    @Test func fallingBackMovesToTheNextChannelAndResetsRetries() throws {
        let job = DeliveryJob(eventID: "e", eventType: .policyPublished, subscriberID: try SubscriberID("s"), channel: .wechat,
                              fallbacks: [.sms, .email], retry: 3, notBefore: Date(), isUrgent: false)
        let next = try #require(job.fallingBack())
        #expect(next.channel == .sms && next.fallbacks == [.email] && next.retry == 0 && next.notBefore == nil)
        #expect(next.fallingBack()?.fallingBack() == nil)
    }
}
