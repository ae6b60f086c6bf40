import ArgumentParser
import GovPushKafka
import GovPushMessaging

/// `govpush topics`: GovPush's topics on a real cluster.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Manage GovPush's Kafka topics.",
        subcommands: [TopicsCreateCommand.self, TopicsListCommand.self]
    )
}

struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create GovPush's topics (events, deliveries per channel, retries, DLQ, status, subscribers); existing ones are kept."
    )

    @Option(help: "Bootstrap servers, host:port[,host:port…].") var bootstrap: String
    @Option(help: "Seconds to wait for the cluster.") var timeout = 30
    @OptionGroup var topics: TopicLayoutOptions

    func validate() throws {
        guard !bootstrap.isEmpty else { throw ValidationError("--bootstrap must name at least one host:port") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
    }

    func run() async throws {
        let admin = try await KafkaAdmin.connect(bootstrapServers: bootstrap, connectTimeout: .seconds(timeout))
        let specs = topics.layout.specs
        let outcome: [String: KafkaAdmin.TopicCreation]
        do { outcome = try await admin.createTopics(specs, timeout: .seconds(timeout)) } catch {
            await admin.close()
            throw error
        }
        for spec in specs {
            let state = outcome[spec.name] == .created ? "created" : "exists"
            print("\(state)\t\(spec.name)\tpartitions=\(spec.partitions)\treplication=\(spec.replicationFactor)")
        }
        await admin.close()
    }
}
