import Foundation
import GovPushKafka
import GovPushStore

/// What `/readyz` checks for a worker role: the Kafka cluster answers a metadata request, the store
/// answers a query, and the role's consumer group has given this process partitions. Each check is
/// bounded, so a hung dependency makes the probe fail instead of hang.
struct WorkerReadiness: Sendable {
    struct Report: Codable, Equatable {
        let ready: Bool
        /// "ok", or why not.
        let kafka: String
        let store: String
        let assigned: Bool

        init(kafka: String, store: String, assigned: Bool) {
            self.ready = kafka == "ok" && store == "ok" && assigned
            self.kafka = kafka
            self.store = store
            self.assigned = assigned
        }
    }

    let admin: KafkaAdmin
    let store: any NotificationStore
    let isAssigned: @Sendable () -> Bool
    var timeout = Duration.seconds(2)

    func check() async -> Report {
        async let kafka = checkKafka()
        async let store = checkStore()
        return Report(kafka: await kafka, store: await store, assigned: isAssigned())
    }

    private func checkKafka() async -> String {
        do {
            let metadata = try await admin.metadata(timeout: timeout)
            return metadata.brokers.isEmpty ? "no brokers in the cluster's metadata" : "ok"
        } catch {
            return "unreachable: \(error)"
        }
    }

    /// A read that touches the database and returns nothing: changes after the largest sequence number.
    private func checkStore() async -> String {
        let store = self.store
        do {
            try await bounded(timeout) { _ = try await store.subscriberChanges(after: .max, limit: 1) }
            return "ok"
        } catch {
            return "unreachable: \(error)"
        }
    }

    private struct NoAnswer: Error, CustomStringConvertible {
        let limit: Duration
        var description: String { "no answer within \(limit)" }
    }

    private func bounded<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw NoAnswer(limit: limit)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
