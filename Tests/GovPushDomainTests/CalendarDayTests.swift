import Foundation
import Testing
@testable import GovPushDomain

@Suite struct CalendarDayTests {
    @Test func parsesAndPrintsISODates() throws {
        let day = try CalendarDay("2025-09-30")
        #expect(day.year == 2025 && day.month == 9 && day.day == 30)
        #expect(day.description == "2025-09-30")
        #expect(try CalendarDay("2024-02-29").adding(days: 1) == (try CalendarDay("2024-03-01")))
        #expect(try CalendarDay("2025-12-31").adding(days: 1) == (try CalendarDay("2026-01-01")))
    }

    @Test func refusesMalformedAndImpossibleDates() {
        #expect(throws: CalendarDay.ParseError.notISODate("2025-9-30")) { try CalendarDay("2025-9-30") }
        #expect(throws: CalendarDay.ParseError.notISODate("2025/09/30")) { try CalendarDay("2025/09/30") }
        #expect(throws: CalendarDay.ParseError.notISODate("")) { try CalendarDay("") }
        #expect(throws: CalendarDay.ParseError.noSuchDay("2025-02-29")) { try CalendarDay("2025-02-29") }
        #expect(throws: CalendarDay.ParseError.noSuchDay("2025-13-01")) { try CalendarDay("2025-13-01") }
    }

    @Test func knowsWeekends() throws {
        #expect(try CalendarDay("2025-09-28").isWeekend)   // Sunday
        #expect(try CalendarDay("2025-10-11").isWeekend)   // Saturday
        #expect(!(try CalendarDay("2025-09-30").isWeekend)) // Tuesday
        #expect(!(try CalendarDay("1970-01-01").isWeekend)) // Thursday
    }

    @Test func convertsToAndFromDaysSinceEpoch() throws {
        #expect(try CalendarDay("1970-01-01").daysSinceEpoch == 0)
        #expect(try CalendarDay("2000-03-01").daysSinceEpoch == 11_017)
        for offset in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDay(daysSinceEpoch: offset).daysSinceEpoch == offset)
        }
    }
}
