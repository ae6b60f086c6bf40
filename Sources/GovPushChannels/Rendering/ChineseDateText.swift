import Foundation
import GovPushDomain

/// Dates and instants as Chinese notices write them, in Beijing time: `2020年5月1日`, `2020年5月1日 09:05`.
enum ChineseDateText {
    static func day(_ day: CalendarDay) -> String { "\(day.year)年\(day.month)月\(day.day)日" }

    static func instant(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + ShanghaiTime.offsetSeconds
        let secondsOfDay = ((seconds % 86_400) + 86_400) % 86_400
        let calendarDay = CalendarDay(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let hour = secondsOfDay / 3600, minute = secondsOfDay % 3600 / 60
        return "\(day(calendarDay)) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }
}
