import Foundation
import GovPushKafka

/// A record that could not be processed, on its way to `govpush.dlq`: the original key, value and
/// headers unchanged (so `govpush dlq replay` can put it back), plus why and where it came from.
public struct DeadLetter: Sendable, Equatable {
    public static let reasonHeader = "govpush-dlq-reason"
    public static let topicHeader = "govpush-dlq-topic"
    public static let partitionHeader = "govpush-dlq-partition"
    public static let offsetHeader = "govpush-dlq-offset"
    public static let timeHeader = "govpush-dlq-at"
    /// Set on a replayed record: a deliverer reopens the dead-lettered delivery instead of skipping it.
    public static let replayedHeader = "govpush-replayed"
    static let ownHeaders: Set<String> = [reasonHeader, topicHeader, partitionHeader, offsetHeader, timeHeader]

    public var reason: String
    public var sourceTopic: String
    public var sourcePartition: Int32
    public var sourceOffset: Int64
    public var at: Date
    public var key: [UInt8]?
    public var value: [UInt8]
    /// The original headers.
    public var headers: [KafkaHeader]

    /// A consumed record that could not be processed.
    public init(_ message: KafkaConsumerMessage, reason: String, at: Date) {
        self.init(reason: reason, sourceTopic: message.topic, sourcePartition: message.partition, sourceOffset: message.offset,
                  at: at, key: message.key, value: message.value, headers: message.headers)
    }

    /// A record GovPush itself gave up on (e.g. a job whose retries are exhausted): partition and offset
    /// are -1 when it was not read from Kafka as such.
    public init(reason: String, sourceTopic: String, sourcePartition: Int32 = -1, sourceOffset: Int64 = -1, at: Date,
                key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.reason = reason
        self.sourceTopic = sourceTopic
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
        self.at = at
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The record for `govpush.dlq` (keyed as the original, so one aggregate's letters stay ordered).
    public var record: KafkaProducerMessage {
        KafkaProducerMessage(topic: GovPushTopics.deadLetters, key: key, value: value, headers: headers + [
            KafkaHeader(name: Self.reasonHeader, string: reason),
            KafkaHeader(name: Self.topicHeader, string: sourceTopic),
            KafkaHeader(name: Self.partitionHeader, string: String(sourcePartition)),
            KafkaHeader(name: Self.offsetHeader, string: String(sourceOffset)),
            KafkaHeader(name: Self.timeHeader, string: String(Int64(at.timeIntervalSince1970 * 1000))),
        ])
    }

    /// Reads a record consumed from `govpush.dlq`; nil if it lacks the dead-letter headers.
    public init?(deadLetterRecord message: KafkaConsumerMessage) {
        guard let reason = message.headers.string(Self.reasonHeader), let topic = message.headers.string(Self.topicHeader),
              let partition = message.headers.string(Self.partitionHeader).flatMap(Int32.init),
              let offset = message.headers.string(Self.offsetHeader).flatMap(Int64.init),
              let millis = message.headers.string(Self.timeHeader).flatMap(Int64.init) else { return nil }
        self.reason = reason
        self.sourceTopic = topic
        self.sourcePartition = partition
        self.sourceOffset = offset
        self.at = Date(timeIntervalSince1970: Double(millis) / 1000)
        self.key = message.key
        self.value = message.value
        self.headers = message.headers.filter { !Self.ownHeaders.contains($0.name) }
    }

    /// The original record, to produce again to its source topic once the cause is fixed.
    public var replay: KafkaProducerMessage {
        var replayed = headers.filter { $0.name != Self.replayedHeader }
        replayed.append(KafkaHeader(name: Self.replayedHeader, value: Array("1".utf8)))
        return KafkaProducerMessage(topic: sourceTopic, key: key, value: value, headers: replayed)
    }
}
