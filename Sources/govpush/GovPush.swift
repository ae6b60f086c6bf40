import ArgumentParser

/// The `govpush` command: every role and tool of GovPush in one binary.
@main
struct GovPush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govpush",
        abstract: "Targeted push of government-affairs disclosure, on Kafka.",
        subcommands: [DevCommand.self, ClusterCommand.self, TopicsCommand.self, PublishCommand.self, WorkerCommand.self, RegionCommand.self, CalendarCommand.self, BenchCommand.self, SoakCommand.self,
                      ChannelCommand.self, ApiCommand.self, TenantCommand.self, KeysCommand.self, DLQCommand.self, ConfigCommand.self]
    )
}
