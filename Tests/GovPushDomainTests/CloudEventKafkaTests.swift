import Foundation
import Testing
@testable import GovPushDomain

/// CloudEvents 1.0 over Kafka: GovPush writes binary mode and reads both modes.
@Suite struct CloudEventKafkaTests {
    let reference = EventSamples.reference
    let time = EventSamples.published

    func record(_ event: GovEvent, id: String = "evt-1") -> KafkaRecordView {
        event.kafkaRecord(id: id, source: "/producers/wuhu-gov", time: time)
    }

    func receive(_ record: KafkaRecordView) -> Result<ReceivedEvent, EventValidationError> {
        Result { () throws(EventValidationError) in try ReceivedEvent(kafkaRecord: record, reference: reference) }
    }

    func headerText(_ record: KafkaRecordView, _ name: String) -> String? {
        record.header(name).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func writesBinaryModeKeyedByTheAggregate() throws {
        let written = record(.policyPublished(EventSamples.wuhuPolicy))
        #expect(written.key == Array("wuhu-wzbm-2020-47".utf8))
        #expect(headerText(written, "ce_specversion") == "1.0")
        #expect(headerText(written, "ce_type") == "cn.gov.disclosure.policy.published")
        #expect(headerText(written, "ce_id") == "evt-1")
        #expect(headerText(written, "ce_source") == "/producers/wuhu-gov")
        #expect(headerText(written, "ce_time") == RFC3339Timestamp.format(time))
        #expect(headerText(written, "ce_subject") == "wuhu-wzbm-2020-47")
        #expect(headerText(written, "ce_partitionkey") == "wuhu-wzbm-2020-47")
        #expect(headerText(written, "content-type") == "application/json")
        #expect(written.value == EventSamples.wuhuPolicy.encodedData, "the value is the data, as is")
        #expect(CloudEventContentMode.of(written) == .binary)
    }

    @Test func binaryRoundTripForEveryType() throws {
        for event in EventSamples.allEvents {
            let received = try receive(record(event)).get()
            #expect(received.event == event)
            #expect(received.mode == .binary)
            #expect(received.envelope.id == "evt-1" && received.envelope.time == time)
            #expect(received.envelope.type == event.type.rawValue)
        }
    }

    @Test func structuredRoundTripForEveryType() throws {
        for event in EventSamples.allEvents {
            let envelope = event.cloudEvent(id: "evt-2", source: "/producers/test", time: time)
            let structured = envelope.structuredKafkaRecord(key: event.kafkaKey)
            #expect(CloudEventContentMode.of(structured) == .structured)
            let received = try receive(structured).get()
            #expect(received.event == event && received.mode == .structured)
            #expect(received.envelope == envelope)
        }
    }

    @Test func envelopeRoundTripsThroughBothModes() throws {
        let envelope = CloudEvent(id: "x", source: "urn:test", type: "com.example.other", time: time, subject: "s",
                                  dataContentType: "text/plain", dataSchema: "https://example.org/schema",
                                  extensions: ["partitionkey": "k", "traceparent": "00-abc"], data: Array("你好".utf8))
        #expect(try CloudEvent(kafkaRecord: envelope.binaryKafkaRecord(key: Array("k".utf8))) == envelope)
        // Non-JSON data travels as data_base64 in structured mode.
        let structured = envelope.structuredKafkaRecord(key: Array("k".utf8))
        #expect(String(decoding: structured.value, as: UTF8.self).contains("data_base64"))
        #expect(try CloudEvent(kafkaRecord: structured) == envelope)
    }

    @Test func readsAStructuredEventWithoutHeadersAsKcatWouldProduce() throws {
        let text = """
        {"specversion":"1.0","id":"e-9","source":"/cli","type":"cn.gov.disclosure.service.progress",
         "time":"2026-11-21T08:30:00+08:00","data":{"applicantId":"sub-1","caseId":"case-1",
         "serviceItemId":"item-1","stage":"事后结果","text":"您的申请已办结，请到窗口领取结果。"}}
        """
        let received = try receive(KafkaRecordView(key: nil, value: Array(text.utf8), headers: [])).get()
        guard case .serviceProgress(let progress) = received.event else { Issue.record("wrong type"); return }
        #expect(progress.stage == .result)
        #expect(received.envelope.time == RFC3339Timestamp.parse("2026-11-21T00:30:00Z"))
    }

    @Test func readsBinaryModeFromAnotherProducer() throws {
        let data = EventSamples.incident.encodedData
        let headers = [RecordHeader("ce_specversion", "1.0"), RecordHeader("ce_id", "ext-1"), RecordHeader("ce_source", "/yuqing"),
                       RecordHeader("ce_type", "cn.gov.disclosure.incident.reported"), RecordHeader("Content-Type", "application/json; charset=utf-8")]
        let received = try receive(KafkaRecordView(key: nil, value: data, headers: headers)).get()
        #expect(received.event == .incidentReported(EventSamples.incident))
        #expect(received.envelope.extensions["partitionkey"] == nil)
    }

    @Test func theRecordKeyBecomesThePartitionKey() throws {
        let headers = [RecordHeader("ce_specversion", "1.0"), RecordHeader("ce_id", "ext-1"), RecordHeader("ce_source", "/yuqing"),
                       RecordHeader("ce_type", "cn.gov.disclosure.incident.reported")]
        let key = Array("341800-2026-0042".utf8)
        let envelope = try CloudEvent(kafkaRecord: KafkaRecordView(key: key, value: EventSamples.incident.encodedData, headers: headers))
        #expect(envelope.extensions["partitionkey"] == "341800-2026-0042")
    }

    // MARK: envelope errors

    @Test(arguments: [CloudEventContentMode.binary, .structured])
    func reportsMissingRequiredAttributes(_ mode: CloudEventContentMode) {
        let envelope = CloudEvent(id: "", source: "", type: "", data: Array("{}".utf8))
        var written = mode == .binary ? envelope.binaryKafkaRecord(key: nil) : envelope.structuredKafkaRecord(key: nil)
        if mode == .binary { written.headers.removeAll { ["ce_id", "ce_source", "ce_type"].contains($0.name) } }
        let result = receive(written)
        if mode == .binary {
            #expect(result.paths == ["id", "source", "type"])
            #expect(result.reason(at: "id") == "is required (binary mode: header ce_id)")
        } else {
            #expect(result.paths == ["id", "source", "type"])
            #expect(result.reason(at: "id") == "must not be empty")
        }
    }

    @Test func refusesAnotherSpecVersion() {
        var written = record(.policyPublished(EventSamples.wuhuPolicy))
        written.headers.removeAll { $0.name == "ce_specversion" }
        #expect(receive(written).reason(at: "specversion") == "is required (binary mode: header ce_specversion)")
        written.headers.append(RecordHeader("ce_specversion", "0.3"))
        #expect(receive(written).reason(at: "specversion") == "\"0.3\" is not supported; GovPush reads CloudEvents 1.0")
    }

    @Test func refusesAnUnknownType() {
        var written = record(.policyPublished(EventSamples.wuhuPolicy))
        written.headers.append(RecordHeader("ce_type", "cn.gov.disclosure.policy.deleted"))
        let reason = receive(written).reason(at: "type")
        #expect(reason?.hasPrefix("unknown event type \"cn.gov.disclosure.policy.deleted\"; expected one of cn.gov.disclosure.policy.published") == true)
    }

    @Test(arguments: ["2026-11-21", "2026-11-21T08:30:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "now"])
    func refusesBadTimes(_ text: String) {
        var written = record(.policyPublished(EventSamples.wuhuPolicy))
        written.headers.append(RecordHeader("ce_time", text))
        #expect(receive(written).paths == ["time"])
    }

    @Test func reportsMalformedStructuredJSONWithItsPosition() throws {
        let text = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":oops}"
        let result = receive(KafkaRecordView(key: nil, value: Array(text.utf8),
                                             headers: [RecordHeader("content-type", "application/cloudevents+json")]))
        #expect(result.paths == ["kafka.value"])
        let reason = try #require(result.reason(at: "kafka.value"))
        #expect(reason.contains("not valid JSON") && reason.contains("character"), "\(reason)")
    }

    @Test func reportsMalformedBinaryDataWithItsPosition() throws {
        var written = record(.policyPublished(EventSamples.wuhuPolicy))
        written.value = Array("{\"policyId\": \"p\",, }".utf8)
        let reason = try #require(receive(written).reason(at: "data"))
        #expect(reason.contains("not valid JSON") && reason.contains("character"), "\(reason)")
    }

    @Test func refusesAnEventWithoutData() {
        var written = record(.incidentReported(EventSamples.incident))
        written.value = []
        #expect(receive(written).reason(at: "data") == "is required: every GovPush event carries a JSON payload")
    }

    @Test func refusesDataThatIsNotJSON() {
        var written = record(.incidentReported(EventSamples.incident))
        written.headers.append(RecordHeader("content-type", "application/xml"))
        #expect(receive(written).paths == ["datacontenttype"])
    }

    @Test func refusesDataThatDoesNotMatchTheType() {
        var written = record(.incidentReported(EventSamples.incident))
        written.headers.append(RecordHeader("ce_type", EventType.policyPublished.rawValue))
        let result = receive(written)
        #expect(result.paths.contains("data.documentNumber") && result.paths.contains("data.policyId"))
    }

    @Test func refusesAKeyThatIsNotTheAggregate() {
        var written = record(.incidentReported(EventSamples.incident))
        written.key = Array("another".utf8)
        #expect(receive(written).reason(at: "kafka.key")?.contains("differs from the aggregate id \"341800-2026-0042\"") == true)
    }

    @Test func refusesHeadersThatAreNotUTF8() {
        var written = record(.incidentReported(EventSamples.incident))
        written.headers.append(RecordHeader("ce_source", [0xFF, 0xFE]))
        #expect(receive(written).reason(at: "source") == "header ce_source is not valid UTF-8")
    }

    @Test func refusesStructuredAttributesOfTheWrongKind() {
        let text = "{\"specversion\":\"1.0\",\"id\":5,\"source\":\"/x\",\"type\":\"cn.gov.disclosure.service.progress\",\"data\":{},\"data_base64\":\"e30=\"}"
        let result = receive(KafkaRecordView(key: nil, value: Array(text.utf8), headers: []))
        #expect(result.reason(at: "id") == "must be a string, found a number")
        #expect(result.reason(at: "data") == "data and data_base64 must not both be present")
    }

    @Test func refusesOtherStructuredFormats() {
        let written = KafkaRecordView(key: nil, value: [1, 2, 3], headers: [RecordHeader("content-type", "application/cloudevents+avro")])
        #expect(receive(written).paths == ["kafka.headers.content-type"])
    }

    @Test func reportsEnvelopeAndDataProblemsTogether() {
        var written = record(.policyPublished(EventSamples.wuhuPolicy))
        written.headers.append(RecordHeader("ce_time", "yesterday"))
        written.value = EventSamples.json(EventSamples.wuhuPolicy) { $0["title"] = nil }.encoded
        #expect(receive(written).paths == ["time", "data.title"])
    }

    @Test func theErrorNamesTheRefusedEvent() throws {
        var written = record(.policyPublished(EventSamples.wuhuPolicy), id: "evt-77")
        written.headers.append(RecordHeader("ce_time", "yesterday"))
        guard case .failure(let error) = receive(written) else { Issue.record("should be refused"); return }
        #expect(error.eventID == "evt-77" && error.eventType == EventType.policyPublished.rawValue)
        #expect(error.description.hasPrefix("event evt-77 (cn.gov.disclosure.policy.published) refused (1 issue):"))
    }

    @Test func theErrorDescriptionListsEveryIssue() {
        let error = EventValidationError([ValidationIssue(path: "time", reason: "bad"), ValidationIssue(path: "data.title", reason: "is required")])
        #expect(error.description == "event refused (2 issues):\n  - time: bad\n  - data.title: is required")
    }
}
