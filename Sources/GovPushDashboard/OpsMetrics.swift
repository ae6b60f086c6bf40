import Foundation
import GovPushDomain
import GovPushKafka
import GovPushStore
import Logging
import Metrics
import Prometheus

/// What `/metrics` renders: one Prometheus registry per process. `bootstrap()` makes it swift-metrics'
/// backend (once per process), so the counters the dispatcher and deliverers increment through
/// swift-metrics (`govpush_events_total{type}`, `govpush_notifications_total{channel,outcome}`) land in
/// the same registry as the gauges refreshed here at each scrape: `govpush_windows{state}` from the store
/// and `govpush_consumer_lag{group,topic}` from Kafka.
public final class OpsMetrics: Sendable {
    /// One consumer group's position on one topic.
    public struct ConsumerGroup: Sendable, Hashable {
        public var group: String
        public var topic: String
        public init(group: String, topic: String) {
            self.group = group
            self.topic = topic
        }
    }

    public let registry: PrometheusCollectorRegistry
    private let store: any WindowStore
    private let clock: @Sendable () -> Date
    private let lag: @Sendable (ConsumerGroup) async throws -> Int64
    private let groups: [ConsumerGroup]
    private let logger: Logger

    /// The process-wide registry, made swift-metrics' backend on first use.
    public static func bootstrap() -> PrometheusCollectorRegistry { bootstrapped }

    private static let bootstrapped: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// - Parameters:
    ///   - groups: the consumer groups whose lag to report.
    ///   - lag: how to measure one; by default from Kafka at `bootstrapServers`.
    public init(registry: PrometheusCollectorRegistry, store: any WindowStore, groups: [ConsumerGroup] = [],
                lag: @escaping @Sendable (ConsumerGroup) async throws -> Int64, clock: @escaping @Sendable () -> Date = Date.init,
                logger: Logger = Logger(label: "govpush.metrics")) {
        self.registry = registry
        self.store = store
        self.groups = groups
        self.lag = lag
        self.clock = clock
        self.logger = logger
    }

    /// Lag measured on a Kafka cluster.
    public static func kafkaLag(bootstrapServers: String, properties: [String: String] = [:]) -> @Sendable (ConsumerGroup) async throws -> Int64 {
        { group in
            let reader = try KafkaGroupLag.connect(bootstrapServers: bootstrapServers, group: group.group, properties: properties)
            do {
                let lag = try await reader.lag(topic: group.topic, timeout: .seconds(3))
                await reader.close()
                return lag
            } catch {
                await reader.close()
                throw error
            }
        }
    }

    /// Refreshes the gauges and renders the registry in the Prometheus text format.
    public func scrape() async -> String {
        do {
            let counts = try await store.windowCounts(now: clock())
            for state in ResponseWindowState.allCases {
                registry.makeGauge(name: "govpush_windows", labels: [("state", state.rawValue)])
                    .set(Double(counts[state] ?? 0))
            }
        } catch {
            logger.error("window counts unavailable for /metrics", metadata: ["error": "\(error)"])
        }
        for group in groups {
            do {
                let value = try await lag(group)
                registry.makeGauge(name: "govpush_consumer_lag", labels: [("group", group.group), ("topic", group.topic)])
                    .set(Double(value))
            } catch {
                logger.warning("consumer lag unavailable", metadata: ["group": "\(group.group)", "error": "\(error)"])
            }
        }
        return registry.emitToString()
    }
}
