import GovPushKafka
import GovPushStore
import ServiceLifecycle

extension GovPushRuntime {
    /// The health server of a worker role, when a port is given on the command line or in the
    /// configuration; nil otherwise. Add it last to the role's `ServiceGroup`: services stop in reverse
    /// order, so it stops answering before the worker closes its consumers.
    func healthServer(_ options: HealthOptions, store: any NotificationStore,
                      isAssigned: @escaping @Sendable () -> Bool) async throws -> WorkerHealthServer? {
        guard let port = options.healthPort ?? configuration.health.port else { return nil }
        let admin = try await KafkaAdmin.connect(bootstrapServers: try bootstrap(), properties: configuration.kafka.properties ?? [:], logger: logger)
        let readiness = WorkerReadiness(admin: admin, store: store, isAssigned: isAssigned)
        let host = options.healthHost ?? configuration.health.host ?? "127.0.0.1"
        logger.info("health endpoints", metadata: ["address": "http://\(host):\(port)/healthz /readyz"])
        return WorkerHealthServer(readiness: readiness, host: host, port: port, logger: logger)
    }
}
