import Foundation

/// 权威信息发布 / 回应: the authoritative response to an incident. Reaches the region/domain subscribers and
/// closes the incident's response window. Urgent; keyed by the incident id.
public struct IncidentResponded: EventPayload {
    public static var eventType: EventType { .incidentResponded }

    public var incidentID: String
    public var url: String
    public var respondedAt: Date
    public var region: RegionCode
    public var domains: [DomainID]
    public var summary: String

    public init(incidentID: String, url: String, respondedAt: Date, region: RegionCode, domains: [DomainID], summary: String) {
        self.incidentID = incidentID
        self.url = url
        self.respondedAt = respondedAt
        self.region = region
        self.domains = domains
        self.summary = summary
    }

    public var aggregateID: String { incidentID }

    public var json: JSONValue {
        .object([
            "incidentId": .string(incidentID),
            "url": .string(url),
            "respondedAt": .timestamp(respondedAt),
            "region": .string(region.description),
            "domains": .strings(domains),
            "summary": .string(summary),
        ])
    }

    public static func validated(_ json: JSONValue, against reference: some EventReferenceData) -> Result<Self, EventValidationError> {
        reading(json, against: reference) { fields in
            let incidentID = fields.required("incidentId", .text, .identifier)
            let url = fields.required("url", .text, .webURL)
            let respondedAt = fields.required("respondedAt", .timestamp)
            let region = fields.required("region", .region, .knownRegion)
            let domains = fields.requiredList("domains", .domain, each: [.knownDomain], whole: [.nonEmpty, .noDuplicates])
            let summary = fields.required("summary", .text, .nonEmpty)
            guard let incidentID, let url, let respondedAt, let region, let domains, let summary else { return nil }
            return IncidentResponded(incidentID: incidentID, url: url, respondedAt: respondedAt, region: region,
                                     domains: domains, summary: summary)
        }
    }

    public init(from decoder: any Decoder) throws { try self.init(fromJSON: decoder) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
