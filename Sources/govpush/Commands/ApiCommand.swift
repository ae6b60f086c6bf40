import ArgumentParser
import Foundation
import GovPushAPI
import GovPushKafka
import GovPushProducers
import GovPushStore
import Hummingbird
import Logging
import ServiceLifecycle

/// `govpush api`: the /v1 HTTP API (docs/api.md) and the status-callback forwarder, against the configured
/// store and Kafka cluster, until SIGTERM.
struct ApiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Serve the /v1 HTTP API, the ops dashboard and /metrics, and forward delivery statuses to tenants' callbacks."
    )

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let logger = Logger(label: "govpush.api")
        let configuration = try options.load()
        let runtime = GovPushRuntime(configuration: configuration, reference: try .bundled(), logger: logger)
        let bootstrap = try runtime.bootstrap()
        let store = try await runtime.openAPIStore()
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: bootstrap)
        producerConfiguration.properties = configuration.kafka.properties ?? [:]
        let producer = try await KafkaProducer.connect(producerConfiguration, logger: logger)
        var apiConfiguration = APIConfiguration()
        if let rate = configuration.api?.requestsPerSecond { apiConfiguration.requestsPerSecond = rate }
        if let burst = configuration.api?.burst { apiConfiguration.burst = burst }
        if let size = configuration.api?.maximumBodyBytes { apiConfiguration.maximumBodyBytes = size }
        let api = GovPushAPI(store: store, publisher: EventPublisher(producer: producer, reference: runtime.reference), reference: runtime.reference,
                             configuration: apiConfiguration, logger: logger)
        let router = Router()
        let admin = try await KafkaAdmin.connect(bootstrapServers: bootstrap, properties: configuration.kafka.properties ?? [:], logger: logger)
        WorkerHealthServer.addRoutes(to: router, readiness: WorkerReadiness(admin: admin, store: store, isAssigned: { true }))
        api.mount(on: router)
        // The ops dashboard, /v1/windows and /metrics for operations staff, beside the tenants' API.
        OpsDashboard.mount(on: router, store: store, reference: runtime.reference, bootstrap: bootstrap)
        let host = configuration.http.host ?? "127.0.0.1", port = configuration.http.port ?? 8080
        let application = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "govpush-api"))
        var forwarderConfiguration = StatusCallbackForwarder.Configuration(bootstrapServers: bootstrap)
        forwarderConfiguration.kafkaProperties = configuration.kafka.properties ?? [:]
        let forwarder = try await StatusCallbackForwarder.start(forwarderConfiguration, store: store, logger: logger)
        FileHandle.standardError.write(Data("govpush api listening on http://\(host):\(port) (OpenAPI at /v1/openapi.json)\n".utf8))
        try await ServiceGroup(services: [application, forwarder], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
        await producer.close()
        await admin.close()
        try await store.close()
    }
}
