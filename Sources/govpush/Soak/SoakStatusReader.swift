import Foundation
import GovPushKafka
import GovPushMessaging
import GovPushStore
import Logging
import Synchronization

/// Reads `govpush.delivery-status` during a soak: which expected deliveries were reported delivered. Every
/// one must be, also those whose deliverer was killed after recording the outcome and before producing
/// its status: the next owner of the job produces it from the record.
final class SoakStatusReader: Sendable {
    private let expected: Set<String>
    private let reported = Mutex(Set<String>())

    init(expected: Set<String>) { self.expected = expected }

    /// Expected deliveries reported delivered so far.
    var reportedCount: Int { reported.withLock { $0.count } }

    /// Reads from the topic's start until the task is cancelled; returns once the consumer is connected.
    func start(bootstrap: String, logger: Logger) async throws -> Task<Void, any Error> {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrap, groupID: "govpush-soak-status-\(UUID().uuidString.prefix(8))",
                                                       topics: [GovPushTopics.deliveryStatus])
        // librdkafka 2.0.2 can hang closing a cooperative-sticky consumer (docs/operations.md).
        configuration.assignmentStrategy = .range
        let consumer = try await KafkaConsumer.connect(configuration, logger: logger)
        return Task {
            do {
                for try await message in consumer.messages {
                    guard let status = try? DeliveryStatusRecord(record: message.value),
                          status.status == DeliveryStatus.delivered.rawValue, expected.contains(status.deliveryID) else { continue }
                    reported.withLock { _ = $0.insert(status.deliveryID) }
                }
            } catch {
                try? await consumer.close()
                throw error
            }
            try? await consumer.close()
        }
    }

    /// Waits until every expected delivery was reported, or `limit` has passed; returns how many were not.
    func missing(waitingAtMost limit: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        while reportedCount < expected.count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        return expected.count - reportedCount
    }
}
