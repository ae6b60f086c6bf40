import Foundation
import GovPushKafka
import GovPushMessaging

/// One dead letter as `govpush dlq` shows it: where it sits in `govpush.dlq`, why it is there, where it
/// came from, and whether it was replayed. The value is not shown (it may carry personal data).
struct DeadLetterEntry: Encodable {
    let dlqPartition: Int32
    let dlqOffset: Int64
    let reason: String
    let sourceTopic: String
    /// -1 when GovPush gave up on a record it made itself (an exhausted delivery job).
    let sourcePartition: Int32
    let sourceOffset: Int64
    let at: String
    let key: String?
    let replayed: Bool

    init(_ letter: DeadLetter, from message: KafkaConsumerMessage, replayed: Bool) {
        dlqPartition = message.partition
        dlqOffset = message.offset
        reason = letter.reason
        sourceTopic = letter.sourceTopic
        sourcePartition = letter.sourcePartition
        sourceOffset = letter.sourceOffset
        at = Self.time.string(from: letter.at)
        key = letter.key.map(Self.text)
        self.replayed = replayed
    }

    /// One line for people.
    var line: String {
        let source = sourcePartition >= 0 ? "\(sourceTopic)[\(sourcePartition)]@\(sourceOffset)" : sourceTopic
        return "\(GovPushTopics.deadLetters)[\(dlqPartition)]@\(dlqOffset)\t\(at)\t\(source)\tkey=\(key ?? "-")\t\(replayed ? "replayed" : "pending")\t\(reason)"
    }

    /// Keys are ids (aggregate or subscriber ids): text when UTF-8, hex otherwise.
    private static func text(_ bytes: [UInt8]) -> String {
        if let string = String(validating: bytes, as: UTF8.self), !string.contains(where: { $0.isNewline }) { return string }
        return "0x" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// RFC 3339 in China Standard Time, as operators read it.
    // Formatting only, never mutated after this: safe to share.
    nonisolated(unsafe) private static let time: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter
    }()
}
