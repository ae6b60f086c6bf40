import Foundation
import GovPushMessaging
import Testing

/// The status record's hand-written JSON is byte for byte what `JSONEncoder` (sorted keys, ISO 8601 dates)
/// writes, so consumers that decode it (status callbacks) see no change.
@Suite struct DeliveryStatusRecordTests {
    static let oracle: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static let records: [DeliveryStatusRecord] = [
        DeliveryStatusRecord(deliveryID: "9f2c4e1a0b7d4c3e8f6a5b4c3d2e1f00", eventID: "0f4c2a9e-policy-wuhu-47", subscriberID: "wst-12",
                             channel: "app", status: "delivered", attempt: 1, providerReference: "sandbox-9f2c", at: Date(timeIntervalSince1970: 1_796_200_000)),
        // Every escape: quotes, backslash, slash, control characters, and Chinese text as is.
        DeliveryStatusRecord(deliveryID: "d-2", eventID: "e/2", subscriberID: "s\"2", channel: "sms", status: "retrying", attempt: 3,
                             reason: "HTTP 503 \\ 服务不可用\n\t\r\u{8}\u{C}\u{1}\u{1F} \"x\" <a/>", at: Date(timeIntervalSince1970: 951_782_400)),
        // Before 1970, a leap day, the last second of a day, and a fraction of a second (dropped).
        DeliveryStatusRecord(deliveryID: "d-3", eventID: "e-3", subscriberID: "s-3", channel: "email", status: "failed", attempt: 2,
                             reason: "", at: Date(timeIntervalSince1970: -1)),
        DeliveryStatusRecord(deliveryID: "d-4", eventID: "e-4", subscriberID: "s-4", channel: "wechat", status: "deferred", attempt: 1,
                             reason: "quiet hours", at: Date(timeIntervalSince1970: 4_107_542_399.75)),
    ]

    @Test(arguments: records)
    func writesWhatJSONEncoderWrites(_ record: DeliveryStatusRecord) throws {
        let written = record.record
        #expect(String(decoding: written.value, as: UTF8.self) == String(decoding: try Self.oracle.encode(record), as: UTF8.self))
        #expect(written.key == Array(record.deliveryID.utf8))
        #expect(written.topic == "govpush.delivery-status")
        var expected = record
        expected.at = Date(timeIntervalSince1970: record.at.timeIntervalSince1970.rounded(.down))
        #expect(try DeliveryStatusRecord(record: written.value) == expected)
    }
}
