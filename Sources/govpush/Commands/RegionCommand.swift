import ArgumentParser

/// `govpush region …`: look up administrative divisions in the bundled GB/T 2260 list.
struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "Administrative divisions (行政区划) known to GovPush.",
        subcommands: [RegionShowCommand.self]
    )
}
