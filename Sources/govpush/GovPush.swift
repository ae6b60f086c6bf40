import ArgumentParser

/// The `govpush` command: every role and tool of GovPush in one binary.
@main
struct GovPush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govpush",
        abstract: "Targeted push of government-affairs disclosure, on Kafka.",
        subcommands: [Bench.self]
    )
}

/// `govpush bench <name>`: measurements that print figures and ratios, the last stdout line being JSON.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that report figures measured in one run.",
        subcommands: [BenchMatchCommand.self]
    )
}
