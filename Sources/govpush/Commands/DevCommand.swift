import ArgumentParser
import Foundation
import GovPushAPI
import GovPushChannels
import GovPushConsumers
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushProducers
import GovPushStore
import Logging
import ServiceLifecycle

/// `govpush dev`: the whole system on one machine, no set-up: embedded Kafka cluster, SQLite store, the
/// dispatcher, a deliverer per channel (all sandboxed: messages are captured, not sent) and the HTTP server.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run all of GovPush locally (embedded Kafka, SQLite, sandbox channels) until Ctrl-C."
    )

    @Flag(help: "Load demo subscribers in the documents' regions and publish one event of each kind.") var demo = false
    @Option(help: "HTTP port on 127.0.0.1.") var port = 8080
    @Option(help: "Brokers in the embedded cluster.") var brokers = 1
    @Option(help: "The SQLite store file.") var store = ".govpush/govpush.sqlite"
    @Option(help: "Log level of the workers (trace … critical).") var logLevel = "warning"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1-65535, got \(port)") }
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 32, got \(brokers)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() async throws {
        var logger = Logger(label: "govpush.dev")
        logger.logLevel = Logger.Level(rawValue: logLevel)!
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: logger)
        var layout = GovPushTopics()
        layout.replicationFactor = min(layout.replicationFactor, brokers)
        for spec in layout.specs { try cluster.createTopic(spec) }

        var configuration = GovPushConfiguration()
        configuration.kafka.bootstrap = cluster.bootstrapServers
        configuration.store.url = "sqlite:" + store
        configuration.channels.mode = "sandbox"
        configuration.workerID = "dev"
        configuration.dataKeys = try DevDataKeys.load(besideStore: store)
        configuration.windows = GovPushConfiguration.Windows(roster: try DevOpsRoster.roster())  // sandboxed ops staff
        let runtime = GovPushRuntime(configuration: configuration, reference: try .bundled(), logger: logger)
        let store = try await runtime.openAPIStore()
        let renderer = try runtime.renderer()
        let apiProducer = try await KafkaProducer.connect(KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers))
        let api = GovPushAPI(store: store, publisher: EventPublisher(producer: apiProducer, reference: runtime.reference), reference: runtime.reference)
        var services: [any Service] = [DevHTTPServer.application(store: store, api: api, host: "127.0.0.1", port: port,
                                                                  reference: runtime.reference, bootstrap: cluster.bootstrapServers)]
        services.append(try await runtime.dispatcher(store: store))
        services += try await runtime.windowServices(store: store)  // window tracker + ops alert scheduler
        for kind in ChannelKind.allCases { services.append(try await runtime.deliverer(kind, store: store, renderer: renderer)) }

        say("""
            GovPush dev is running (Ctrl-C stops it)
              Kafka (embedded, \(brokers) broker\(brokers == 1 ? "" : "s")): \(cluster.bootstrapServers)
              store (SQLite):  \(self.store)
              workers:         dispatcher; window tracker; deliverers for \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")) (sandbox: captured, not sent)
              health:          http://127.0.0.1:\(port)/healthz
              sandbox outbox:  http://127.0.0.1:\(port)/v1/sandbox
              API:             http://127.0.0.1:\(port)/v1/openapi.json (create a key: govpush tenant create --name dev --scopes ingest,subscribers,read --store sqlite:\(self.store))
              ops dashboard:   http://127.0.0.1:\(port)/dashboard  (windows: /v1/windows, metrics: /metrics)
              publish:         govpush publish policy --file docs/schemas/examples/policy-published-wuhu.json --bootstrap \(cluster.bootstrapServers)
            """)
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        if demo {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                tasks.addTask { try await DevDemo(store: store, bootstrap: cluster.bootstrapServers, reference: runtime.reference).run() }
                try await tasks.waitForAll()
            }
        } else {
            try await group.run()
        }
        await apiProducer.close()
        try await store.close()
        withExtendedLifetime(cluster) {}
    }
}
