import Foundation

/// A CloudEvents 1.0 envelope (https://github.com/cloudevents/spec, v1.0): the context attributes and the
/// `data` as raw bytes (JSON for every GovPush type), independent of how it travelled over Kafka.
public struct CloudEvent: Sendable, Equatable {
    /// The only `specversion` GovPush reads and writes.
    public static let specVersion = "1.0"

    /// Unique per `source`; consumers use (source, id) to recognise a replayed event.
    public var id: String
    /// URI-reference of the producer, e.g. `/producers/wuhu-gov`.
    public var source: String
    /// Reverse-DNS event type, e.g. `cn.gov.disclosure.policy.published`.
    public var type: String
    public var time: Date?
    /// What the event is about inside the source; GovPush writes the aggregate id.
    public var subject: String?
    /// The media type of `data`; absent means `application/json`.
    public var dataContentType: String?
    public var dataSchema: String?
    /// Extension attributes (e.g. `partitionkey`), as their string forms.
    public var extensions: [String: String]
    public var data: [UInt8]?

    public init(id: String, source: String, type: String, time: Date? = nil, subject: String? = nil,
                dataContentType: String? = nil, dataSchema: String? = nil, extensions: [String: String] = [:],
                data: [UInt8]? = nil) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataContentType = dataContentType
        self.dataSchema = dataSchema
        self.extensions = extensions
        self.data = data
    }

    /// The context attribute names CloudEvents 1.0 defines (everything else is an extension).
    static let contextAttributeNames: Set<String> = ["specversion", "id", "source", "type", "time", "subject",
                                                      "datacontenttype", "dataschema"]

    /// Whether `data` is JSON: no content type, `application/json` or any `+json` type (parameters ignored).
    public var hasJSONData: Bool { Self.isJSON(dataContentType) }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return true }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "text/json"
    }
}
