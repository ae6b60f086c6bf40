import Foundation
import GovPushChannels
import GovPushDomain
import Synchronization

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { self.now } }
}

enum ProviderFixtures {
    static let phone = try! PhoneNumber("13812341234")

    static func sms(deliveryID: String = "dlv-\(UUID().uuidString.prefix(8))", parameters: [String] = ["低保实施意见", "芜政办秘〔2020〕47号", "https://www.wuhu.gov.cn/p/47"],
                    address: SubscriberChannel? = nil) -> OutgoingNotification {
        var notification = ChannelFixtures.notification(deliveryID: deliveryID, address: address ?? .sms(phone))
        notification.message.templateParameters = parameters
        return notification
    }

    /// Whether an outcome is of the expected class, ignoring the reason's wording.
    static func classOf(_ outcome: ChannelOutcome) -> String {
        switch outcome {
        case .delivered: "delivered"
        case .transient: "transient"
        case .permanent: "permanent"
        }
    }
}
