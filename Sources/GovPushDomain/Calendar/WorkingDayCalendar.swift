import Foundation

/// Working days (工作日) under the State Council's annual holiday arrangements (国务院办公厅关于节假日安排的通知)
/// and its extraordinary notices: statutory holidays are off even on weekdays, make-up working days
/// (调休上班) are worked even on weekends. Weekends alone are not a correct calendar (DOMAIN.md).
///
/// Used for the deadlines counted in working days: policy interpretations within 3 working days of the
/// policy's publication (seed 004 §四 政策解读 1) and normative documents within 20 working days (seed 004 §五.1).
/// Any computation that touches a year without an arrangement is refused rather than guessed.
public struct WorkingDayCalendar: Sendable {
    /// The years with an arrangement; contiguous.
    public let coveredYears: ClosedRange<Int>
    private let offDays: Set<CalendarDay>
    private let makeUpWorkingDays: Set<CalendarDay>

    /// Why a working-day question could not be answered.
    public enum ComputationError: Error, Equatable, Sendable, CustomStringConvertible {
        case yearNotCovered(Int, covered: ClosedRange<Int>)
        case negativeWorkingDays(Int)

        public var description: String {
            switch self {
            case .yearNotCovered(let year, let covered):
                "no State Council holiday arrangement for \(year): working days can only be computed for "
                    + "\(covered.lowerBound)–\(covered.upperBound) (add \(year) to holidays.json)"
            case .negativeWorkingDays(let n): "the number of working days must not be negative (got \(n))"
            }
        }
    }

    /// Why a holiday arrangement file was refused.
    public enum LoadError: Error, Equatable, Sendable, CustomStringConvertible {
        case missingResource(String)
        case malformed(String)
        case noYears
        case duplicateYear(Int)
        case yearsNotContiguous(missing: Int)
        case dateOutsideYear(CalendarDay, year: Int)
        case bothOffAndWorking(CalendarDay, notice: String)
        case makeUpDayNotOnWeekend(CalendarDay, notice: String)
        case noticeOutsideCoveredYears(CalendarDay, notice: String)

        public var description: String {
            switch self {
            case .missingResource(let name): "holiday calendar: bundled resource \(name) is missing"
            case .malformed(let reason): "holiday calendar: malformed JSON: \(reason)"
            case .noYears: "holiday calendar: no year has an arrangement"
            case .duplicateYear(let year): "holiday calendar: year \(year) is listed more than once"
            case .yearsNotContiguous(let year): "holiday calendar: years must be contiguous, \(year) is missing"
            case .dateOutsideYear(let day, let year): "holiday calendar: \(day) is listed under year \(year)"
            case .bothOffAndWorking(let day, let notice):
                "holiday calendar: \(day) is both a day off and a working day in \"\(notice)\""
            case .makeUpDayNotOnWeekend(let day, let notice):
                "holiday calendar: make-up working day \(day) in \"\(notice)\" is not a Saturday or Sunday"
            case .noticeOutsideCoveredYears(let day, let notice):
                "holiday calendar: \(day) in extraordinary notice \"\(notice)\" is outside the covered years"
            }
        }
    }

    /// One notice: an annual arrangement (with `year`) or an extraordinary notice amending them.
    struct Notice: Decodable {
        struct OffDay: Decodable { let date: CalendarDay; let holiday: String }
        let year: Int?
        let notice: String
        let offDays: [OffDay]
        let workingDays: [CalendarDay]
    }

    struct File: Decodable {
        let years: [Notice]
        let extraordinary: [Notice]?
    }

    /// Reads `holidays.json`: annual arrangements under `years`, then `extraordinary` notices applied in order
    /// (a notice's day off cancels an earlier make-up working day, e.g. 2020-02-01).
    public init(loading data: Data) throws(LoadError) {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw .malformed((error as? DecodingError)?.referenceDataSummary ?? "\(error)")
        }
        var years = Set<Int>()
        for notice in file.years {
            guard let year = notice.year else { throw .malformed("an entry of \"years\" has no \"year\"") }
            guard years.insert(year).inserted else { throw .duplicateYear(year) }
            for day in notice.offDays.map(\.date) + notice.workingDays where day.year != year {
                throw .dateOutsideYear(day, year: year)
            }
        }
        guard let first = years.min(), let last = years.max() else { throw .noYears }
        if let gap = (first...last).first(where: { !years.contains($0) }) { throw .yearsNotContiguous(missing: gap) }

        var off = Set<CalendarDay>(), working = Set<CalendarDay>()
        for notice in file.years + (file.extraordinary ?? []) {
            let noticeOff = Set(notice.offDays.map(\.date)), noticeWorking = Set(notice.workingDays)
            if let clash = noticeOff.intersection(noticeWorking).min() {
                throw .bothOffAndWorking(clash, notice: notice.notice)
            }
            if let weekday = noticeWorking.filter({ !$0.isWeekend }).min() {
                throw .makeUpDayNotOnWeekend(weekday, notice: notice.notice)
            }
            if notice.year == nil, let outside = noticeOff.union(noticeWorking).filter({ !years.contains($0.year) }).min() {
                throw .noticeOutsideCoveredYears(outside, notice: notice.notice)
            }
            off.formUnion(noticeOff); working.subtract(noticeOff)
            working.formUnion(noticeWorking); off.subtract(noticeWorking)
        }
        self.coveredYears = first...last
        self.offDays = off
        self.makeUpWorkingDays = working
    }

    /// The arrangements shipped in the package (`Data/holidays.json`).
    public static func bundled() throws(LoadError) -> WorkingDayCalendar {
        guard let url = Bundle.module.url(forResource: "holidays", withExtension: "json", subdirectory: "Data"),
              let data = try? Data(contentsOf: url)
        else { throw .missingResource("Data/holidays.json") }
        return try WorkingDayCalendar(loading: data)
    }

    public func isWorkingDay(_ day: CalendarDay) throws(ComputationError) -> Bool {
        guard coveredYears.contains(day.year) else { throw .yearNotCovered(day.year, covered: coveredYears) }
        if makeUpWorkingDays.contains(day) { return true }
        if offDays.contains(day) { return false }
        return !day.isWeekend
    }

    /// The `n`-th working day after `day` (`day` itself does not count; `n == 0` gives `day`).
    public func adding(workingDays n: Int, to day: CalendarDay) throws(ComputationError) -> CalendarDay {
        guard n >= 0 else { throw .negativeWorkingDays(n) }
        guard coveredYears.contains(day.year) else { throw .yearNotCovered(day.year, covered: coveredYears) }
        var current = day, remaining = n
        while remaining > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// 23:59:59 Asia/Shanghai on the `n`-th working day after the Shanghai date of `instant`: the end of a
    /// window of `n` working days opened at `instant` (seed 004 §四 政策解读 1: 3 days; §五.1: 20 days).
    public func endOfWorkingDays(_ n: Int, after instant: Date) throws(ComputationError) -> Date {
        ShanghaiTime.endOfDay(try adding(workingDays: n, to: ShanghaiTime.day(of: instant)))
    }
}
