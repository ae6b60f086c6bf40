import ArgumentParser

/// `govpush dlq list|replay`: inspect the dead-letter topic, and put letters back once the cause is fixed.
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect and replay dead-lettered records (govpush.dlq).",
        subcommands: [DLQListCommand.self, DLQReplayCommand.self]
    )
}
