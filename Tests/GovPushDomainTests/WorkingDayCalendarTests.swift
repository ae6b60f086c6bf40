import Foundation
import PropertyBased
import Testing
@testable import GovPushDomain

@Suite struct WorkingDayCalendarTests {
    static let calendar = Result { try WorkingDayCalendar.bundled() }

    func day(_ text: String) throws -> CalendarDay { try CalendarDay(text) }

    @Test func followsThe2025NationalDayArrangement() throws {
        let calendar = try Self.calendar.get()
        #expect(calendar.coveredYears == 2020...2026)
        for off in 1...8 { #expect(try !calendar.isWorkingDay(day("2025-10-0\(off)"))) }
        #expect(try calendar.isWorkingDay(day("2025-09-28")))  // Sunday, 调休上班
        #expect(try calendar.isWorkingDay(day("2025-10-11")))  // Saturday, 调休上班
        #expect(try !calendar.isWorkingDay(day("2025-10-12"))) // plain Sunday
        #expect(try calendar.adding(workingDays: 3, to: day("2025-09-30")) == day("2025-10-11"))
        #expect(try calendar.adding(workingDays: 1, to: day("2025-09-27")) == day("2025-09-28"))
    }

    @Test func appliesThe2020SpringFestivalExtension() throws {
        let calendar = try Self.calendar.get()
        // 1 February 2020 was a make-up working day until the extension notice made it a day off.
        #expect(try !calendar.isWorkingDay(day("2020-01-31")))
        #expect(try !calendar.isWorkingDay(day("2020-02-01")))
        #expect(try !calendar.isWorkingDay(day("2020-02-02")))
        #expect(try calendar.isWorkingDay(day("2020-01-19")))
        #expect(try calendar.adding(workingDays: 1, to: day("2020-01-23")) == day("2020-02-03"))
    }

    @Test func countsAcrossTheYearBoundary() throws {
        let calendar = try Self.calendar.get()
        // 2025-12-31 Wed; 2026-01-01..03 元旦 off; 2026-01-04 (Sun) 调休上班.
        #expect(try calendar.adding(workingDays: 1, to: day("2025-12-31")) == day("2026-01-04"))
        #expect(try calendar.adding(workingDays: 2, to: day("2025-12-31")) == day("2026-01-05"))
        #expect(try calendar.adding(workingDays: 0, to: day("2025-12-31")) == day("2025-12-31"))
    }

    @Test func refusesYearsWithoutAnArrangement() throws {
        let calendar = try Self.calendar.get()
        #expect(throws: WorkingDayCalendar.ComputationError.yearNotCovered(2027, covered: 2020...2026)) {
            try calendar.isWorkingDay(day("2027-01-04"))
        }
        #expect(throws: WorkingDayCalendar.ComputationError.yearNotCovered(2027, covered: 2020...2026)) {
            try calendar.adding(workingDays: 5, to: day("2026-12-28"))
        }
        #expect(throws: WorkingDayCalendar.ComputationError.yearNotCovered(2019, covered: 2020...2026)) {
            try calendar.adding(workingDays: 1, to: day("2019-12-31"))
        }
        #expect(throws: WorkingDayCalendar.ComputationError.negativeWorkingDays(-1)) {
            try calendar.adding(workingDays: -1, to: day("2025-06-01"))
        }
        #expect(WorkingDayCalendar.ComputationError.yearNotCovered(2027, covered: 2020...2026).description
            .contains("2027") )
    }

    @Test func endsAWindowAtMidnightShanghaiTime() throws {
        let calendar = try Self.calendar.get()
        // 2025-09-30 20:00 UTC is already 2025-10-01 04:00 in Shanghai: the count starts from 1 October.
        let published = Date(timeIntervalSince1970: 1_759_262_400)
        #expect(ShanghaiTime.day(of: published) == (try day("2025-10-01")))
        let deadline = try calendar.endOfWorkingDays(3, after: published)
        // 3 working days after 2025-10-01: 10-09, 10-10, 10-11 → 2025-10-11 23:59:59 +08:00 = 15:59:59 UTC.
        #expect(deadline.timeIntervalSince1970 == 1_760_198_399)
        #expect(ShanghaiTime.day(of: deadline) == (try day("2025-10-11")))
        // One second later, and it is the 12th.
        #expect(ShanghaiTime.day(of: deadline.addingTimeInterval(1)) == (try day("2025-10-12")))
    }

    @Test func refusesBadArrangementData() throws {
        func load(_ json: String) throws(WorkingDayCalendar.LoadError) -> WorkingDayCalendar {
            try WorkingDayCalendar(loading: Data(json.utf8))
        }
        func year(_ y: Int, off: [String] = [], working: [String] = []) -> String {
            let offs = off.map { #"{"date": "\#($0)", "holiday": "x"}"# }.joined(separator: ",")
            let works = working.map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"year": \#(y), "notice": "n\#(y)", "offDays": [\#(offs)], "workingDays": [\#(works)]}"#
        }
        #expect(throws: WorkingDayCalendar.LoadError.noYears) { try load(#"{"years": []}"#) }
        #expect(throws: WorkingDayCalendar.LoadError.duplicateYear(2025)) {
            try load(#"{"years": [\#(year(2025)), \#(year(2025))]}"#)
        }
        #expect(throws: WorkingDayCalendar.LoadError.yearsNotContiguous(missing: 2025)) {
            try load(#"{"years": [\#(year(2024)), \#(year(2026))]}"#)
        }
        #expect(throws: WorkingDayCalendar.LoadError.dateOutsideYear(try day("2026-01-01"), year: 2025)) {
            try load(#"{"years": [\#(year(2025, off: ["2026-01-01"]))]}"#)
        }
        #expect(throws: WorkingDayCalendar.LoadError.makeUpDayNotOnWeekend(try day("2025-09-29"), notice: "n2025")) {
            try load(#"{"years": [\#(year(2025, working: ["2025-09-29"]))]}"#)
        }
        #expect(throws: WorkingDayCalendar.LoadError.bothOffAndWorking(try day("2025-09-28"), notice: "n2025")) {
            try load(#"{"years": [\#(year(2025, off: ["2025-09-28"], working: ["2025-09-28"]))]}"#)
        }
        do {
            _ = try load(#"{"years": [\#(year(2025, off: ["2025-02-30"]))]}"#)
            Issue.record("an impossible date was accepted")
        } catch {
            #expect(error.description.contains("2025-02-30"), "\(error)")
        }
    }

    /// Start days from 2020-01-01 to 2026-08-31, so 60 working days (and 30 days) later is still inside 2026.
    static let startDays = Gen.int(in: 18_262...20_696)

    @Test func addingWorkingDaysIsMonotonicAndLandsOnWorkingDays() async throws {
        let calendar = try Self.calendar.get()
        await propertyCheck(input: Self.startDays, Gen.int(in: 0...30), Gen.int(in: 0...30)) { start, n, extra in
            let day = CalendarDay(daysSinceEpoch: start)
            let first = try calendar.adding(workingDays: n, to: day)
            let second = try calendar.adding(workingDays: n + extra, to: day)
            #expect(first <= second)
            if extra > 0 { #expect(first < second) }
            if n > 0 {
                #expect(try calendar.isWorkingDay(first))
                #expect(first > day)
                // Exactly n working days lie in (day, first].
                let counted = try (1...(first.daysSinceEpoch - day.daysSinceEpoch)).filter {
                    try calendar.isWorkingDay(day.adding(days: $0))
                }.count
                #expect(counted == n)
            }
            let later = CalendarDay(daysSinceEpoch: start + extra)
            #expect(try calendar.adding(workingDays: n, to: later) >= first)
        }
    }
}
