import Foundation

/// A civil date (year, month, day) in the proleptic Gregorian calendar, with no time and no zone.
///
/// Working-day deadlines count whole days in Asia/Shanghai, so they are computed on civil dates and turned
/// into instants only at the edge (`WorkingDayCalendar.endOfWorkingDays`).
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible, TextCodable {
    public let year: Int
    public let month: Int
    public let day: Int

    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case notISODate(String)
        case noSuchDay(String)

        public var description: String {
            switch self {
            case .notISODate(let s): "date \"\(s)\" must be written YYYY-MM-DD"
            case .noSuchDay(let s): "date \"\(s)\" does not exist in the calendar"
            }
        }
    }

    /// A valid civil date; throws `noSuchDay` for e.g. 2025-02-29.
    public init(year: Int, month: Int, day: Int) throws(ParseError) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDay.daysIn(month: month, year: year)).contains(day)
        else { throw .noSuchDay(Self.format(year, month, day)) }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (exactly four, two and two digits).
    public init(_ text: String) throws(ParseError) {
        let bytes = Array(text.utf8)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || isDigit($0.element) })
        else { throw .notISODate(text) }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        do { try self.init(year: number(0..<4), month: number(5..<7), day: number(8..<10)) } catch {
            throw .noSuchDay(text)
        }
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int { CivilDay.daysSinceEpoch(year: year, month: month, day: day) }

    /// The civil date `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        let (year, month, day) = CivilDay.civil(fromDaysSinceEpoch: daysSinceEpoch)
        self.init(unchecked: year, month, day)
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// True on Saturday and Sunday (1970-01-01 was a Thursday).
    public var isWeekend: Bool {
        let weekday = ((daysSinceEpoch % 7) + 7 + 3) % 7  // 0 = Monday … 6 = Sunday
        return weekday >= 5
    }

    public var description: String { Self.format(year, month, day) }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var encodedText: String { description }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
