import Foundation
import GovPushDomain

/// Quiet hours hold back non-urgent SMS (DESIGN.md "Failures": default 21:00–08:00 Asia/Shanghai);
/// incidents' responses and service progress are urgent and always go.
public struct QuietHoursRule: Sendable {
    public init() {}

    /// Until when a notice must wait, or nil to send now.
    public func deferral(channel: ChannelKind, isUrgent: Bool, quietHours: QuietHours?, now: Date) -> Date? {
        guard channel == .sms, !isUrgent, let quietHours else { return nil }
        let shanghai = now.timeIntervalSince1970 + 8 * 3600  // Asia/Shanghai is UTC+8, no DST
        let minuteOfDay = Int((shanghai.truncatingRemainder(dividingBy: 86_400) + 86_400).truncatingRemainder(dividingBy: 86_400) / 60)
        guard quietHours.contains(minuteOfDay: minuteOfDay) else { return nil }
        // Minutes until the quiet period ends, wrapping past midnight.
        let wait = (quietHours.endMinute - minuteOfDay + 1440) % 1440
        let startOfMinute = now.timeIntervalSince1970 - shanghai.truncatingRemainder(dividingBy: 60)
        return Date(timeIntervalSince1970: startOfMinute + Double(wait * 60))
    }
}
