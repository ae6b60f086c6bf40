import Foundation
import PropertyBased
import Testing
@testable import GovPushDomain

/// Decoding must never trap: whatever bytes and headers arrive, the answer is an event or issues.
@Suite struct EventDecodingFuzzTests {
    static let headerNames = ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type",
                              "ce_partitionkey", "x-other"]
    static let headerValues: [[UInt8]] = [
        Array("1.0".utf8), Array("cn.gov.disclosure.policy.published".utf8), Array("cn.gov.disclosure.incident.reported".utf8),
        Array("application/cloudevents+json".utf8), Array("application/json".utf8), Array("2026-11-21T08:30:00Z".utf8),
        [], [0xFF], [0xC3, 0x28], Array("0.3".utf8),
    ]

    func decodeWithoutTrapping(_ record: KafkaRecordView) {
        do {
            let received = try ReceivedEvent(kafkaRecord: record, reference: EventSamples.reference)
            #expect(received.event.issues(against: EventSamples.reference).isEmpty)
        } catch {
            #expect(!error.issues.isEmpty)
        }
        _ = try? CloudEvent(kafkaRecord: record)
    }

    @Test func randomBytesAndHeaders() async {
        let bytes = Gen<UInt8>.value(in: 0...255).array(of: 0...300)
        let headerChoices = Gen.int(in: 0...(Self.headerNames.count * Self.headerValues.count - 1)).array(of: 0...6)
        await propertyCheck(count: 400, input: bytes, headerChoices) { value, choices in
            let headers = choices.map { choice in
                RecordHeader(Self.headerNames[choice % Self.headerNames.count], Self.headerValues[choice / Self.headerNames.count])
            }
            decodeWithoutTrapping(KafkaRecordView(key: value.isEmpty ? nil : Array(value.prefix(4)), value: value, headers: headers))
        }
    }

    @Test func corruptedValidEventsInBothModes() async {
        let samples = EventSamples.allEvents.flatMap { event -> [KafkaRecordView] in
            let envelope = event.cloudEvent(id: "f", source: "/fuzz", time: EventSamples.published)
            return [envelope.binaryKafkaRecord(key: event.kafkaKey), envelope.structuredKafkaRecord(key: event.kafkaKey)]
        }
        let edits = Gen.int(in: 0...10_000).array(of: 1...4)
        let replacement = Gen<UInt8>.value(in: 0...255).array(of: 1...4)
        await propertyCheck(count: 400, input: Gen.int(in: 0...(samples.count - 1)), edits, replacement) { index, positions, newBytes in
            var record = samples[index]
            for (position, byte) in zip(positions, newBytes) where !record.value.isEmpty {
                record.value[position % record.value.count] = byte
            }
            decodeWithoutTrapping(record)
        }
    }

    @Test func deeplyNestedJSONIsRefusedNotFollowed() {
        let nested = Array(repeating: UInt8(ascii: "["), count: 100_000)
        let record = KafkaRecordView(key: nil, value: nested, headers: [])
        #expect(throws: EventValidationError.self) { try ReceivedEvent(kafkaRecord: record, reference: EventSamples.reference) }
        let objects = Array(String(repeating: "{\"a\":", count: 50_000).utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(objects) }
    }

    @Test func hostileButValidJSONValues() {
        for text in ["1e999", "\"\\ud800\"", "-0", "[]", "null", "\"\"", "{\"data\":null}", "{\"specversion\":[1]}"] {
            decodeWithoutTrapping(KafkaRecordView(key: nil, value: Array(text.utf8), headers: []))
        }
    }
}
