import ArgumentParser

/// `govpush config check`: what a process would run with, before it runs.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check GovPush's configuration (file and GOVPUSH_* variables).",
        subcommands: [ConfigCheckCommand.self]
    )
}
