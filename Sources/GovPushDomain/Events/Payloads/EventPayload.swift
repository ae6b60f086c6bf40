import Foundation

/// The typed `data` of one event kind. Reading from JSON and validating are one step, so a producer gets
/// every issue (with its `data.…` path) at once; Swift-built values are validated through the same code by
/// way of their JSON form, so there is one statement of each rule.
public protocol EventPayload: Sendable, Equatable, Codable {
    static var eventType: EventType { get }
    /// The aggregate the event belongs to (policy, incident, case, service item); the Kafka key, so a
    /// lifecycle stays in one partition and in order.
    var aggregateID: String { get }
    /// The wire form, as written to Kafka.
    var json: JSONValue { get }
    /// Reads `json` (the event's `data`), checking every field against the rules and `reference`.
    static func validated(_ json: JSONValue, against reference: some EventReferenceData) -> Result<Self, EventValidationError>
}

extension EventPayload {
    /// Every rule this value breaks (empty when it may be published).
    public func issues(against reference: some EventReferenceData) -> [ValidationIssue] {
        switch Self.validated(json, against: reference) {
        case .success: []
        case .failure(let error): error.issues
        }
    }

    /// The compact JSON bytes written as the Kafka value.
    public var encodedData: [UInt8] { json.encoded }

    /// Runs `read` over `json` at path `data` and turns the outcome into a result.
    static func reading(_ json: JSONValue, against reference: some EventReferenceData,
                        _ read: (inout EventFields) -> Self?) -> Result<Self, EventValidationError> {
        var fields = EventFields(json, path: "data", reference: reference)
        let value = read(&fields)
        if let value, fields.issues.isEmpty { return .success(value) }
        let issues = fields.issues.isEmpty
            ? [ValidationIssue(path: "data", reason: "could not be read as \(eventType)")] : fields.issues
        return .failure(EventValidationError(issues))
    }

    /// `Decodable` without a catalog: structure and rules are checked, region/domain existence is not.
    public init(fromJSON decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        switch Self.validated(json, against: PermissiveReferenceData()) {
        case .success(let value): self = value
        case .failure(let error):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}

extension JSONValue {
    static func strings(_ values: some Sequence<some CustomStringConvertible>) -> JSONValue {
        .array(values.map { .string($0.description) })
    }

    static func vocabulary(_ term: some EventVocabulary) -> JSONValue { .string(term.rawValue) }

    static func timestamp(_ date: Date) -> JSONValue { .string(RFC3339Timestamp.format(date)) }

    /// An object without the keys whose value is nil (optional fields are omitted, not null).
    static func object(dropping pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for (key, value) in pairs { if let value { object[key] = value } }
        return .object(object)
    }
}
