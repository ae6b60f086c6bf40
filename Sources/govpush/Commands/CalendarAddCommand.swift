import ArgumentParser
import GovPushDomain

/// `govpush calendar add --from 2025-09-30 --working-days 3` prints `2025-10-11`: the N-th working day after
/// the date, as used for the 3- and 20-working-day deadlines (seed 004 §四 政策解读 1, §五.1).
struct CalendarAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Print the N-th working day after a date (the date itself does not count)."
    )

    @Option(help: "The start date, YYYY-MM-DD (Asia/Shanghai civil date).")
    var from: String

    // `.unconditional` so that `--working-days -3` reaches validate() instead of reading as an unknown flag.
    @Option(name: .customLong("working-days"), parsing: .unconditional, help: "How many working days to add (0 or more).")
    var workingDays: Int

    func validate() throws {
        do { _ = try CalendarDay(from) } catch { throw ValidationError(error.description) }
        guard workingDays >= 0 else {
            throw ValidationError("--working-days must be 0 or more (got \(workingDays))")
        }
    }

    func run() throws {
        let day = try WorkingDayCalendar.bundled().adding(workingDays: workingDays, to: try CalendarDay(from))
        print(day)
    }
}
