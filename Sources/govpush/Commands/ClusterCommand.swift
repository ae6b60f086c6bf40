import ArgumentParser
import Foundation
import GovPushKafka
import GovPushMessaging
import Logging

/// `govpush cluster`: the embedded Kafka cluster (librdkafka's mock brokers on loopback) with GovPush's
/// topics, for laptops, tests and `kcat`. In memory: its contents end with the process.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run an embedded Kafka cluster on loopback with GovPush's topics until SIGINT/SIGTERM.",
        discussion: "Prints the bootstrap servers as the first line of stdout. Each partition keeps only about 5 MB."
    )

    @Option(help: "Number of brokers (1-32).") var brokers = 3
    @Option(help: "Also write the bootstrap servers to this file.") var bootstrapFile: String?
    @OptionGroup var topics: TopicLayoutOptions

    func validate() throws {
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 32, got \(brokers)") }
    }

    func run() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: Logger(label: "govpush.cluster"))
        var layout = topics.layout
        layout.replicationFactor = min(layout.replicationFactor, brokers)
        for spec in layout.specs { try cluster.createTopic(spec) }
        // The file first: the printed line tells scripts the cluster is ready, file included.
        if let bootstrapFile {
            try Data((cluster.bootstrapServers + "\n").utf8).write(to: URL(fileURLWithPath: bootstrapFile), options: .atomic)
        }
        // Unbuffered: scripts read this line while the cluster runs.
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        FileHandle.standardError.write(Data("embedded Kafka cluster: \(brokers) broker(s), \(layout.specs.count) topics; Ctrl-C to stop\n".utf8))
        let signal = await waitForTerminationSignal()
        FileHandle.standardError.write(Data("embedded Kafka cluster stopping (signal \(signal))\n".utf8))
        withExtendedLifetime(cluster) {}
    }
}
