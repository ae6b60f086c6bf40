import Foundation
import GovPushDomain

/// RFC 3339 with the Asia/Shanghai offset, as the API writes instants: `2025-10-01T09:00:00+08:00`.
enum ShanghaiTimestamp {
    static func rfc3339(_ date: Date) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + ShanghaiTime.offsetSeconds
        let day = CalendarDay(daysSinceEpoch: Int((Double(local) / 86_400).rounded(.down)))
        let seconds = ((local % 86_400) + 86_400) % 86_400
        return "\(day)T\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))+08:00"
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
