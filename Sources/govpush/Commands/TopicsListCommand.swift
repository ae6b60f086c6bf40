import ArgumentParser
import Foundation
import GovPushMessaging

/// `govpush topics list [--json]`: the topics GovPush uses, as the code defines them — what deploy files
/// (Strimzi `KafkaTopic`s) and their tests are checked against, so the list lives in one place.
struct TopicsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print GovPush's topics with partitions, replication and configs.")

    @Flag(help: "Print one JSON array.") var json = false
    @OptionGroup var topics: TopicLayoutOptions

    private struct Listed: Encodable {
        let name: String
        let partitions: Int
        let replicationFactor: Int
        let configs: [String: String]
    }

    func run() async throws {
        let specs = topics.layout.specs
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let listed = specs.map { Listed(name: $0.name, partitions: $0.partitions, replicationFactor: $0.replicationFactor, configs: $0.configs) }
            say(String(decoding: try encoder.encode(listed), as: UTF8.self))
        } else {
            for spec in specs {
                let configs = spec.configs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                say("\(spec.name)\tpartitions=\(spec.partitions)\treplication=\(spec.replicationFactor)" + (configs.isEmpty ? "" : "\t\(configs)"))
            }
        }
    }
}
