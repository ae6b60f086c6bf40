/// The two ways the CloudEvents Kafka protocol binding carries an event (binding §1.3, §3.2, §3.3).
public enum CloudEventContentMode: String, Sendable, Hashable {
    /// Attributes in `ce_*` headers, `content-type` header = `datacontenttype`, value = data as is.
    /// GovPush writes this mode (docs/events.md explains why).
    case binary
    /// The whole event as `application/cloudevents+json` in the value.
    case structured

    /// Structured when the `content-type` header names a CloudEvents format, binary when any `ce_*`
    /// header is present; a record without either is read as structured, since that is what `kcat -P`
    /// of a JSON file produces.
    public static func of(_ record: KafkaRecordView) -> CloudEventContentMode {
        if let contentType = record.contentTypeHeader, contentType.lowercased().hasPrefix("application/cloudevents") {
            return .structured
        }
        return record.headers.contains { $0.name.hasPrefix("ce_") } ? .binary : .structured
    }
}

extension KafkaRecordView {
    /// The `content-type` header (matched case-insensitively), if it is valid UTF-8.
    var contentTypeHeader: String? {
        guard let bytes = headers.last(where: { $0.name.lowercased() == "content-type" })?.value else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
