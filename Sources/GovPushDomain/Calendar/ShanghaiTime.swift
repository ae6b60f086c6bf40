import Foundation

/// Asia/Shanghai civil time as a fixed UTC+8 offset (China has had no DST since 1991), so deadlines do not
/// depend on the machine's zone database or its local zone (DOMAIN.md "Response windows").
public enum ShanghaiTime {
    public static let offsetSeconds = 8 * 3600

    /// The Shanghai civil date on which `instant` falls.
    public static func day(of instant: Date) -> CalendarDay {
        let local = instant.timeIntervalSince1970 + Double(offsetSeconds)
        return CalendarDay(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// 23:59:59 Shanghai time on `day`.
    public static func endOfDay(_ day: CalendarDay) -> Date {
        Date(timeIntervalSince1970: Double(day.daysSinceEpoch * 86_400 + 86_399 - offsetSeconds))
    }
}
