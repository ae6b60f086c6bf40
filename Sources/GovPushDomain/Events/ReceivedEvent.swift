/// An event read off Kafka and accepted: the envelope (for `id`/`source` de-duplication and `time`), the
/// typed event, and the content mode it arrived in.
public struct ReceivedEvent: Sendable, Equatable {
    public let envelope: CloudEvent
    public let event: GovEvent
    public let mode: CloudEventContentMode

    /// Reads a Kafka record in either content mode and validates envelope, type, data and key against
    /// `reference`, reporting every issue at once. Never traps, whatever the bytes.
    public init(kafkaRecord record: KafkaRecordView, reference: some EventReferenceData) throws(EventValidationError) {
        let reading = CloudEventReading(record)
        var issues = reading.issues
        var event: GovEvent?
        let typeName = reading.attributes["type"]
        let type = typeName.flatMap(EventType.init(rawValue:))
        if let typeName, !typeName.isEmpty, type == nil {
            issues.append(ValidationIssue(path: "type", reason: "unknown event type \"\(typeName)\"; expected one of "
                + EventType.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        let contentType = reading.attributes["datacontenttype"]
        if !CloudEvent.isJSON(contentType) {
            issues.append(ValidationIssue(path: "datacontenttype",
                reason: "\"\(contentType ?? "")\" is not JSON; GovPush event data is application/json"))
        } else if let type {
            if let data = Self.dataJSON(reading, issues: &issues) {
                switch GovEvent.validated(type: type, data: data, against: reference) {
                case .success(let validated): event = validated
                case .failure(let error): issues += error.issues
                }
            }
        }
        if let event, let key = record.key, key != event.kafkaKey {
            let shown = String(validating: key, as: UTF8.self).map { "\"\($0)\"" } ?? "\(key.count) non-UTF-8 bytes"
            issues.append(ValidationIssue(path: "kafka.key",
                reason: "record key \(shown) differs from the aggregate id \"\(event.aggregateID)\"; "
                    + "events of one aggregate must share a key to stay ordered"))
        }
        guard issues.isEmpty, let event, let envelope = reading.event else {
            throw EventValidationError(issues.isEmpty ? [ValidationIssue(path: "kafka.value", reason: "could not be read")] : issues,
                                       eventID: reading.attributes["id"], eventType: typeName)
        }
        self.envelope = envelope
        self.event = event
        self.mode = reading.mode
    }

    private static func dataJSON(_ reading: CloudEventReading, issues: inout [ValidationIssue]) -> JSONValue? {
        if let parsed = reading.dataJSON { return parsed }
        guard let bytes = reading.data else {
            // A structured body that could not be read at all has already been reported.
            if !issues.contains(where: { $0.path.hasPrefix("kafka.") }) {
                issues.append(ValidationIssue(path: "data", reason: "is required: every GovPush event carries a JSON payload"))
            }
            return nil
        }
        do {
            return try JSONValue.parse(bytes)
        } catch {
            issues.append(ValidationIssue(path: "data", reason: "is \(error.reason)"))
            return nil
        }
    }
}
