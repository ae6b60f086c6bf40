import GovPushKafka
import Synchronization

/// Records which (partition, offset) each consumer processed, to prove nothing was lost or seen twice.
public final class ConsumedLog: Sendable {
    public struct Entry: Sendable, Hashable {
        public let member: String
        public let partition: Int32
        public let offset: Int64
        public let value: String
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    public func record(_ message: KafkaConsumerMessage, by member: String) {
        let entry = Entry(member: member, partition: message.partition, offset: message.offset, value: String(decoding: message.value, as: UTF8.self))
        entries.withLock { $0.append(entry) }
    }

    public var all: [Entry] { entries.withLock { $0 } }
    public var count: Int { entries.withLock { $0.count } }

    /// Values seen more than once.
    public var duplicates: [String] {
        var seen: Set<String> = [], repeated: [String] = []
        for entry in all where !seen.insert(entry.value).inserted { repeated.append(entry.value) }
        return repeated
    }
}

extension KafkaConsumer {
    /// Consumes until cancelled or closed, committing each record after logging it.
    public func consumeAndCommit(into log: ConsumedLog, as member: String) async throws {
        for try await message in messages {
            log.record(message, by: member)
            try await commit(message)
        }
    }
}
