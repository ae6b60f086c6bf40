import ArgumentParser

/// `govpush bench …`: benchmarks that print ratios against a baseline measured in the same run; the
/// last stdout line is one JSON object with the figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks; each prints its figures as one JSON object on the last stdout line.",
        subcommands: [BenchProduceCommand.self, BenchMatchCommand.self, BenchPipelineCommand.self]
    )
}
