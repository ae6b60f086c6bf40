import ArgumentParser

/// `govpush calendar …`: working-day arithmetic on the bundled State Council holiday arrangements.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Working days under the State Council's holiday arrangements.",
        subcommands: [CalendarAddCommand.self]
    )
}
