import GovPushKafka

/// A note in `govpush.dlq` that the dead letter at (partition, offset) has been replayed, so a later
/// `govpush dlq replay` skips it even when filters kept the replay group's committed offset behind it.
/// It goes to the letter's own partition, after the letter, so whoever reads the letter also reads it.
/// Its value is empty and it has none of the dead-letter headers, so it is never read as a letter.
public struct DeadLetterReplayMarker: Sendable, Hashable {
    public static let header = "govpush-dlq-replayed"

    public var partition: Int32
    public var offset: Int64

    public init(partition: Int32, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }

    /// The marker for a letter read from `govpush.dlq`.
    public init(of letter: KafkaConsumerMessage) {
        self.init(partition: letter.partition, offset: letter.offset)
    }

    /// Reads a marker; nil for anything else (a dead letter, a foreign record).
    public init?(record message: KafkaConsumerMessage) {
        guard let text = message.headers.string(Self.header) else { return nil }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let partition = Int32(parts[0]), let offset = Int64(parts[1]) else { return nil }
        self.init(partition: partition, offset: offset)
    }

    public func record(key: [UInt8]?) -> KafkaProducerMessage {
        KafkaProducerMessage(topic: GovPushTopics.deadLetters, partition: partition, key: key, value: [],
                             headers: [KafkaHeader(name: Self.header, string: "\(partition)/\(offset)")])
    }
}
