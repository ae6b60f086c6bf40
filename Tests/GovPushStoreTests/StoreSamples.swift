import Foundation
import GovPushDomain
import GovPushStore
import GovPushTesting

/// Test data: whole-second instants (both backends keep microseconds), subscribers, keys, events.
enum Sample {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func id(_ text: String) -> SubscriberID { try! SubscriberID(text) }

    static let phone = "13812341234"

    static func subscriber(_ id: String, region: String = "340223", phone: String = Sample.phone) throws -> Subscriber {
        try Subscriber(
            id: SubscriberID(id),
            regions: [SubscribedRegion(RegionCode(region), role: .home)],
            domains: [DomainID("policy")],
            channels: [.sms(PhoneNumber(phone)), .email(EmailAddress("zhangsan@example.com"))]
        )
    }

    static func key(_ event: String, _ subscriber: String = "s-1", _ channel: ChannelKind = .sms) -> DeliveryKey {
        DeliveryKey(eventID: event, subscriberID: id(subscriber), channel: channel)
    }

    static func keys(_ count: Int, event: String = "evt-batch", channel: ChannelKind = .sms) -> [DeliveryKey] {
        (0..<count).map { key(event, "s-\($0)", channel) }
    }

    static func event(_ id: String) -> StoredEvent {
        StoredEvent(id: id, type: "cn.gov.disclosure.policy.published", source: "/gov/340223", key: "policy-1",
                    data: Array(#"{"title":"关于印发政务公开要点的通知"}"#.utf8), occurredAt: at(0), receivedAt: at(1))
    }
}
