import Foundation
import GovPushKafka
import GovPushMessaging
import Logging
import Synchronization

/// Reads `govpush.dlq` as a member of `groupID`, from the group's committed offsets (or the oldest
/// record held) up to the end of each partition as it was when the scan began; records arriving
/// meanwhile wait for the next scan. The consumer stays open so the caller can commit what it handled.
struct DeadLetterScan {
    struct Problem: Error, CustomStringConvertible { let description: String }

    let consumer: KafkaConsumer
    /// In partition, then offset, order.
    let records: [KafkaConsumerMessage]

    static func read(bootstrap: String, properties: [String: String], groupID: String, timeout: Duration,
                     logger: Logger) async throws -> DeadLetterScan {
        let admin = try await KafkaAdmin.connect(bootstrapServers: bootstrap, properties: properties, logger: logger)
        let watermarks: [Int32: (low: Int64, high: Int64)]
        do { watermarks = try await admin.watermarks(topic: GovPushTopics.deadLetters) } catch {
            await admin.close()
            throw error
        }
        await admin.close()

        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrap, groupID: groupID, topics: [GovPushTopics.deadLetters])
        configuration.properties = properties
        configuration.offsetReset = .earliest
        configuration.clientID = "govpush-dlq"
        let consumer = try await KafkaConsumer.connect(configuration, logger: logger)
        do {
            let partitions = watermarks.keys.sorted().map { KafkaTopicPartition(topic: GovPushTopics.deadLetters, partition: $0) }
            let committed = try await consumer.committed(partitions)
            // The last offset to read in each partition that has anything left to read.
            var lastToRead: [Int32: Int64] = [:]
            for (partition, marks) in watermarks {
                let start = max(committed[KafkaTopicPartition(topic: GovPushTopics.deadLetters, partition: partition)] ?? marks.low, marks.low)
                if start < marks.high { lastToRead[partition] = marks.high - 1 }
            }
            let records = try await readUntil(lastToRead, consumer: consumer, timeout: timeout)
            return DeadLetterScan(consumer: consumer, records: records)
        } catch {
            try? await consumer.close()
            throw error
        }
    }

    /// Consumes until every partition in `lastToRead` has reached its offset; bounded by `timeout`.
    private static func readUntil(_ lastToRead: [Int32: Int64], consumer: KafkaConsumer, timeout: Duration) async throws -> [KafkaConsumerMessage] {
        guard !lastToRead.isEmpty else { return [] }
        let progress = ScanProgress()
        let reader = Task {
            do {
                for try await message in consumer.messages {
                    guard let last = lastToRead[message.partition], message.offset <= last else { continue }
                    progress.state.withLock {
                        $0.records.append(message)
                        $0.reached[message.partition] = message.offset
                    }
                }
            } catch {
                progress.state.withLock { $0.failure = "\(error)" }
            }
        }
        defer { reader.cancel() }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let (reached, failure) = progress.state.withLock { ($0.reached, $0.failure) }
            if lastToRead.allSatisfy({ (reached[$0.key] ?? -1) >= $0.value }) { break }
            if let failure { throw Problem(description: "reading \(GovPushTopics.deadLetters): \(failure)") }
            if clock.now >= deadline {
                let behind = lastToRead.keys.sorted().filter { (reached[$0] ?? -1) < lastToRead[$0]! }
                    .map { "[\($0)] at \(reached[$0].map { "\($0)" } ?? "nothing") of \(lastToRead[$0]!)" }
                throw Problem(description: "reading \(GovPushTopics.deadLetters) did not reach its end within \(timeout): partitions \(behind.joined(separator: ", "))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        reader.cancel()
        _ = await reader.result
        return progress.state.withLock { $0.records }.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }
}

/// What the scan's reader task has seen so far, shared with the task that waits for the end.
private final class ScanProgress: Sendable {
    struct State {
        var records: [KafkaConsumerMessage] = []
        var reached: [Int32: Int64] = [:]
        var failure: String?
    }

    let state = Mutex(State())
}
