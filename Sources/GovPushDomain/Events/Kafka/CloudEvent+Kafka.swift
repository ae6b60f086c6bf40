import Foundation

extension CloudEvent {
    /// Reads a Kafka record in either content mode (binary: `ce_*` headers; structured:
    /// `application/cloudevents+json` value), throwing every envelope problem found.
    public init(kafkaRecord record: KafkaRecordView) throws(EventValidationError) {
        let reading = CloudEventReading(record)
        guard let event = reading.event else {
            throw EventValidationError(reading.issues, eventID: reading.attributes["id"], eventType: reading.attributes["type"])
        }
        self = event
    }

    /// Binary content mode (binding §3.2), what GovPush writes: attributes as `ce_*` headers,
    /// `datacontenttype` as `content-type`, the data bytes as the value, untouched.
    public func binaryKafkaRecord(key: [UInt8]?) -> KafkaRecordView {
        var headers = [
            RecordHeader("ce_specversion", CloudEvent.specVersion),
            RecordHeader("ce_id", id),
            RecordHeader("ce_source", source),
            RecordHeader("ce_type", type),
        ]
        if let time { headers.append(RecordHeader("ce_time", RFC3339Timestamp.format(time))) }
        if let subject { headers.append(RecordHeader("ce_subject", subject)) }
        if let dataSchema { headers.append(RecordHeader("ce_dataschema", dataSchema)) }
        for (name, value) in extensions.sorted(by: { $0.key < $1.key }) { headers.append(RecordHeader("ce_\(name)", value)) }
        if let dataContentType { headers.append(RecordHeader("content-type", dataContentType)) }
        return KafkaRecordView(key: key, value: data ?? [], headers: headers)
    }

    /// Structured content mode (binding §3.3) with the JSON event format: for tools, examples and tests;
    /// GovPush itself accepts but does not write it.
    public func structuredKafkaRecord(key: [UInt8]?) -> KafkaRecordView {
        KafkaRecordView(key: key, value: structuredJSON.encoded,
                        headers: [RecordHeader("content-type", "application/cloudevents+json; charset=UTF-8")])
    }

    /// The event in the CloudEvents JSON format: JSON data inline as `data`, other data as `data_base64`.
    public var structuredJSON: JSONValue {
        var object: [String: JSONValue] = [
            "specversion": .string(CloudEvent.specVersion),
            "id": .string(id),
            "source": .string(source),
            "type": .string(type),
        ]
        if let time { object["time"] = .timestamp(time) }
        if let subject { object["subject"] = .string(subject) }
        if let dataContentType { object["datacontenttype"] = .string(dataContentType) }
        if let dataSchema { object["dataschema"] = .string(dataSchema) }
        for (name, value) in extensions { object[name] = .string(value) }
        if let data {
            if hasJSONData, let json = try? JSONValue.parse(data) {
                object["data"] = json
            } else {
                object["data_base64"] = .string(Data(data).base64EncodedString())
            }
        }
        return .object(object)
    }
}
