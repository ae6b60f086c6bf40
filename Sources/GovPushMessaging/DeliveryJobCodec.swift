import Foundation
import GovPushKafka
import GovPushDomain

/// The wire form of a `DeliveryJob`: a compact, versioned binary record (no JSON on the fan-out path).
///
/// Layout (big-endian): version(1) · flags(1: bit0 urgent) · retry(1) · channel(1) · eventType(1) ·
/// notBefore ms since epoch(8, -1 for none) · fallbacks count(1) + one byte each · eventID length(2) +
/// UTF-8 · subscriberID length(1) + ASCII. Codes are stable: new kinds get new numbers.
public enum DeliveryJobCodec {
    public typealias DecodingFailure = BinaryDecodingError

    static let version: UInt8 = 1
    static let channelCodes: [ChannelKind: UInt8] = [.sms: 1, .email: 2, .wechat: 3, .app: 4, .wecomGroup: 5]
    static let typeCodes: [EventType: UInt8] = [
        .policyPublished: 1, .policyInterpretationPublished: 2, .serviceGuideChanged: 3,
        .incidentReported: 4, .incidentResponded: 5, .serviceProgress: 6,
    ]
    static let channelsByCode = Dictionary(uniqueKeysWithValues: channelCodes.map { ($1, $0) })
    static let typesByCode = Dictionary(uniqueKeysWithValues: typeCodes.map { ($1, $0) })

    public static func encode(_ job: DeliveryJob) -> [UInt8] {
        let subscriberID = Array(job.subscriberID.rawValue.utf8)
        var writer = ByteWriter(capacity: 16 + job.fallbacks.count + job.eventID.utf8.count + subscriberID.count)
        writer.byte(version)
        writer.byte(job.isUrgent ? 1 : 0)
        writer.byte(UInt8(clamping: job.retry))
        writer.byte(channelCodes[job.channel]!)
        writer.byte(typeCodes[job.eventType]!)
        writer.integer(job.notBefore.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? -1)
        writer.byte(UInt8(job.fallbacks.count))
        for channel in job.fallbacks { writer.byte(channelCodes[channel]!) }
        writer.text(job.eventID)
        writer.byte(UInt8(subscriberID.count))
        writer.append(contentsOf: subscriberID)
        return writer.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodingFailure) -> DeliveryJob {
        var reader = ByteReader(bytes, record: "delivery job")
        guard try reader.byte() == version else { throw reader.failure("unknown version \(bytes[0])") }
        let flags = try reader.byte()
        let retry = Int(try reader.byte())
        guard let channel = channelsByCode[try reader.byte()] else { throw reader.failure("unknown channel code") }
        guard let type = typesByCode[try reader.byte()] else { throw reader.failure("unknown event type code") }
        let notBeforeMillis = Int64(bitPattern: try reader.integer(8))
        var fallbacks: [ChannelKind] = []
        for _ in 0..<Int(try reader.byte()) {
            guard let fallback = channelsByCode[try reader.byte()] else { throw reader.failure("unknown fallback channel code") }
            fallbacks.append(fallback)
        }
        let eventID = try reader.text()
        guard !eventID.isEmpty else { throw reader.failure("event id is empty") }
        let subscriberText = String(decoding: try reader.bytes(Int(try reader.byte())), as: UTF8.self)
        try reader.expectEnd()
        let subscriberID: SubscriberID
        do { subscriberID = try SubscriberID(subscriberText) } catch { throw reader.failure("subscriber id: \(error.reason)") }
        return DeliveryJob(
            eventID: eventID, eventType: type, subscriberID: subscriberID, channel: channel, fallbacks: fallbacks, retry: retry,
            notBefore: notBeforeMillis < 0 ? nil : Date(timeIntervalSince1970: Double(notBeforeMillis) / 1000), isUrgent: flags & 1 == 1
        )
    }
}

extension DeliveryJob {
    /// The job as a record on `topic` (its channel's delivery topic by default), keyed by subscriber so one
    /// subscriber's notices stay ordered.
    public func record(topic: String? = nil) -> KafkaProducerMessage {
        KafkaProducerMessage(topic: topic ?? GovPushTopics.deliveries(channel), key: Array(subscriberID.rawValue.utf8), value: DeliveryJobCodec.encode(self))
    }
}
