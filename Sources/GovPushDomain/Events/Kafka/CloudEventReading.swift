import Foundation

/// Reads a Kafka record as a CloudEvent in either content mode, collecting every envelope problem rather
/// than stopping at the first, and keeping what it could read so the payload can still be checked
/// (a producer then sees the bad `time` *and* the missing `data.title` in one answer).
/// Never traps: any bytes and headers yield either an event or issues.
struct CloudEventReading {
    private(set) var mode: CloudEventContentMode
    private(set) var attributes: [String: String] = [:]
    private(set) var time: Date?
    private(set) var data: [UInt8]?
    /// `data` already parsed (structured mode carries it as JSON), so it is not parsed twice.
    private(set) var dataJSON: JSONValue?
    private(set) var issues: [ValidationIssue] = []

    init(_ record: KafkaRecordView) {
        mode = CloudEventContentMode.of(record)
        switch mode {
        case .binary: readBinary(record)
        case .structured: readStructured(record)
        }
        checkRequiredAttributes()
        if attributes["partitionkey"] == nil, let key = record.key, let text = String(validating: key, as: UTF8.self) {
            // Binding §3.1: the record key maps to the `partitionkey` extension.
            attributes["partitionkey"] = text
        }
    }

    /// The event, when the envelope had no problems.
    var event: CloudEvent? {
        guard issues.isEmpty, let id = attributes["id"], let source = attributes["source"], let type = attributes["type"] else {
            return nil
        }
        let extensions = attributes.filter { !CloudEvent.contextAttributeNames.contains($0.key) }
        return CloudEvent(id: id, source: source, type: type, time: time, subject: attributes["subject"],
                          dataContentType: attributes["datacontenttype"], dataSchema: attributes["dataschema"],
                          extensions: extensions, data: data)
    }

    private mutating func readBinary(_ record: KafkaRecordView) {
        for header in record.headers {
            let lowered = header.name.lowercased()
            if lowered == "content-type" {
                guard let text = String(validating: header.value, as: UTF8.self) else {
                    issues.append(ValidationIssue(path: "datacontenttype", reason: "content-type header is not valid UTF-8"))
                    continue
                }
                attributes["datacontenttype"] = text
                continue
            }
            guard header.name.hasPrefix("ce_") else { continue }
            let name = String(header.name.dropFirst(3))
            guard let text = String(validating: header.value, as: UTF8.self) else {
                issues.append(ValidationIssue(path: name, reason: "header \(header.name) is not valid UTF-8"))
                continue
            }
            attributes[name] = text
        }
        if !record.value.isEmpty { data = record.value }
        if let text = attributes["time"] { readTime(text) }
    }

    private mutating func readStructured(_ record: KafkaRecordView) {
        if let contentType = record.contentTypeHeader {
            let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if mediaType != "application/cloudevents+json" {
                issues.append(ValidationIssue(path: "kafka.headers.content-type",
                    reason: "structured mode supports only application/cloudevents+json, not \"\(contentType)\""))
                return
            }
        }
        let body: JSONValue
        do {
            body = try JSONValue.parse(record.value)
        } catch {
            let hint = record.header("content-type") == nil
                ? " (a record without ce_* headers is read as a structured-mode event)" : ""
            issues.append(ValidationIssue(path: "kafka.value", reason: "structured-mode event is \(error.reason)\(hint)"))
            return
        }
        guard case .object(let object) = body else {
            issues.append(ValidationIssue(path: "kafka.value", reason: "structured-mode event must be a JSON object, found \(body.kindName)"))
            return
        }
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            switch (name, value) {
            case ("data", _), ("data_base64", _), (_, .null):
                continue
            case (_, .string(let text)):
                attributes[name] = text
            case (_, .number), (_, .bool):
                if CloudEvent.contextAttributeNames.contains(name) {
                    issues.append(ValidationIssue(path: name, reason: "must be a string, found \(value.kindName)"))
                } else {
                    // Extension attributes may be integers or booleans; keep their canonical string form.
                    attributes[name] = String(decoding: value.encoded, as: UTF8.self)
                }
            default:
                issues.append(ValidationIssue(path: name, reason: "must be a string, found \(value.kindName)"))
            }
        }
        let inline = object["data"].flatMap { $0 == .null ? nil : $0 }
        let base64 = object["data_base64"].flatMap { $0 == .null ? nil : $0 }
        switch (inline, base64) {
        case (.some, .some):
            issues.append(ValidationIssue(path: "data", reason: "data and data_base64 must not both be present"))
        case (.some(let json), nil):
            if case .string(let text) = json, !CloudEvent.isJSON(attributes["datacontenttype"]) {
                data = Array(text.utf8)
            } else {
                dataJSON = json
                data = json.encoded
            }
        case (nil, .some(.string(let encoded))):
            if let decoded = Data(base64Encoded: encoded) { data = Array(decoded) } else {
                issues.append(ValidationIssue(path: "data_base64", reason: "is not valid base64"))
            }
        case (nil, .some(let other)):
            issues.append(ValidationIssue(path: "data_base64", reason: "must be a base64 string, found \(other.kindName)"))
        case (nil, nil):
            break
        }
        if let text = attributes["time"] { readTime(text) }
    }

    private mutating func readTime(_ text: String) {
        if let date = RFC3339Timestamp.parse(text) { time = date } else {
            issues.append(ValidationIssue(path: "time",
                reason: "\"\(text)\" is not an RFC 3339 timestamp, e.g. 2026-11-21T08:30:00+08:00"))
        }
    }

    private mutating func checkRequiredAttributes() {
        guard !issues.contains(where: { $0.path == "kafka.value" || $0.path == "kafka.headers.content-type" }) else { return }
        let isBinary = mode == .binary
        let carrier = { (name: String) in isBinary ? " (binary mode: header ce_\(name))" : "" }
        switch attributes["specversion"] {
        case nil:
            issues.append(ValidationIssue(path: "specversion", reason: "is required\(carrier("specversion"))"))
        case let version? where version != CloudEvent.specVersion:
            issues.append(ValidationIssue(path: "specversion",
                reason: "\"\(version)\" is not supported; GovPush reads CloudEvents \(CloudEvent.specVersion)"))
        default: break
        }
        for name in ["id", "source", "type"] {
            guard let value = attributes[name] else {
                issues.append(ValidationIssue(path: name, reason: "is required\(carrier(name))"))
                continue
            }
            if value.isEmpty { issues.append(ValidationIssue(path: name, reason: "must not be empty")) }
        }
    }
}
