import Foundation
import GovPushKafka
import GovPushDomain

/// The wire form of a `DeliveryJob`: a compact, versioned binary record (no JSON on the fan-out path).
///
/// Layout (big-endian): version(1) · flags(1: bit0 urgent) · retry(1) · channel(1) · eventType(1) ·
/// notBefore ms since epoch(8, -1 for none) · fallbacks count(1) + one byte each · eventID length(2) +
/// UTF-8 · subscriberID length(1) + ASCII. Codes are stable: new kinds get new numbers.
public enum DeliveryJobCodec {
    public struct DecodingFailure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { "unreadable delivery job: \(reason)" }
    }

    static let version: UInt8 = 1
    static let channelCodes: [ChannelKind: UInt8] = [.sms: 1, .email: 2, .wechat: 3, .app: 4, .wecomGroup: 5]
    static let typeCodes: [EventType: UInt8] = [
        .policyPublished: 1, .policyInterpretationPublished: 2, .serviceGuideChanged: 3,
        .incidentReported: 4, .incidentResponded: 5, .serviceProgress: 6,
    ]
    static let channelsByCode = Dictionary(uniqueKeysWithValues: channelCodes.map { ($1, $0) })
    static let typesByCode = Dictionary(uniqueKeysWithValues: typeCodes.map { ($1, $0) })

    public static func encode(_ job: DeliveryJob) -> [UInt8] {
        let eventID = Array(job.eventID.utf8.prefix(Int(UInt16.max)))
        let subscriberID = Array(job.subscriberID.rawValue.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 + job.fallbacks.count + eventID.count + subscriberID.count)
        bytes.append(version)
        bytes.append(job.isUrgent ? 1 : 0)
        bytes.append(UInt8(clamping: job.retry))
        bytes.append(channelCodes[job.channel]!)
        bytes.append(typeCodes[job.eventType]!)
        let notBefore = job.notBefore.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? -1
        withUnsafeBytes(of: notBefore.bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(job.fallbacks.count))
        for channel in job.fallbacks { bytes.append(channelCodes[channel]!) }
        withUnsafeBytes(of: UInt16(eventID.count).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: eventID)
        bytes.append(UInt8(subscriberID.count))
        bytes.append(contentsOf: subscriberID)
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodingFailure) -> DeliveryJob {
        var reader = Reader(bytes: bytes)
        guard try reader.byte() == version else { throw DecodingFailure(reason: "unknown version \(bytes[0])") }
        let flags = try reader.byte()
        let retry = Int(try reader.byte())
        guard let channel = channelsByCode[try reader.byte()] else { throw DecodingFailure(reason: "unknown channel code") }
        guard let type = typesByCode[try reader.byte()] else { throw DecodingFailure(reason: "unknown event type code") }
        let notBeforeMillis = Int64(bitPattern: try reader.integer(8))
        var fallbacks: [ChannelKind] = []
        for _ in 0..<Int(try reader.byte()) {
            guard let fallback = channelsByCode[try reader.byte()] else { throw DecodingFailure(reason: "unknown fallback channel code") }
            fallbacks.append(fallback)
        }
        guard let eventID = String(validating: try reader.bytes(Int(try reader.integer(2))), as: UTF8.self), !eventID.isEmpty else {
            throw DecodingFailure(reason: "event id is empty or not UTF-8")
        }
        let subscriberText = String(decoding: try reader.bytes(Int(try reader.byte())), as: UTF8.self)
        guard reader.isAtEnd else { throw DecodingFailure(reason: "\(bytes.count - reader.offset) trailing bytes") }
        let subscriberID: SubscriberID
        do { subscriberID = try SubscriberID(subscriberText) } catch { throw DecodingFailure(reason: "subscriber id: \(error.reason)") }
        return DeliveryJob(
            eventID: eventID, eventType: type, subscriberID: subscriberID, channel: channel, fallbacks: fallbacks, retry: retry,
            notBefore: notBeforeMillis < 0 ? nil : Date(timeIntervalSince1970: Double(notBeforeMillis) / 1000), isUrgent: flags & 1 == 1
        )
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() throws(DecodingFailure) -> UInt8 { try bytes(1).first! }

        mutating func integer(_ width: Int) throws(DecodingFailure) -> UInt64 {
            try bytes(width).reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func bytes(_ count: Int) throws(DecodingFailure) -> ArraySlice<UInt8> {
            guard count >= 0, bytes.count - offset >= count else {
                throw DecodingFailure(reason: "truncated at byte \(offset) of \(bytes.count)")
            }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }
    }
}

extension DeliveryJob {
    /// The job as a record on `topic` (its channel's delivery topic by default), keyed by subscriber so one
    /// subscriber's notices stay ordered.
    public func record(topic: String? = nil) -> KafkaProducerMessage {
        KafkaProducerMessage(topic: topic ?? GovPushTopics.deliveries(channel), key: Array(subscriberID.rawValue.utf8), value: DeliveryJobCodec.encode(self))
    }
}
