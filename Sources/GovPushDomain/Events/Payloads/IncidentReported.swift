import Foundation

/// 政务舆情 / 突发事件: a public-opinion incident was detected. Alerts the ops staff on duty for the region
/// and opens a response window: 5 hours for 特别重大/重大, 48 hours otherwise (seed 004 §四 回应关切 2).
/// Urgent. Keyed by the incident id, so the report and its response stay ordered.
public struct IncidentReported: EventPayload {
    public static var eventType: EventType { .incidentReported }

    public var incidentID: String
    public var severity: IncidentSeverity
    public var region: RegionCode
    public var domains: [DomainID]
    public var summary: String
    /// When the incident was detected: the response window opens here.
    public var detectedAt: Date

    public init(incidentID: String, severity: IncidentSeverity, region: RegionCode, domains: [DomainID], summary: String,
                detectedAt: Date) {
        self.incidentID = incidentID
        self.severity = severity
        self.region = region
        self.domains = domains
        self.summary = summary
        self.detectedAt = detectedAt
    }

    public var aggregateID: String { incidentID }

    public var json: JSONValue {
        .object([
            "incidentId": .string(incidentID),
            "severity": .vocabulary(severity),
            "region": .string(region.description),
            "domains": .strings(domains),
            "summary": .string(summary),
            "detectedAt": .timestamp(detectedAt),
        ])
    }

    public static func validated(_ json: JSONValue, against reference: some EventReferenceData) -> Result<Self, EventValidationError> {
        reading(json, against: reference) { fields in
            let incidentID = fields.required("incidentId", .text, .identifier)
            let severity = fields.required("severity", .vocabulary as FieldFormat<IncidentSeverity>)
            let region = fields.required("region", .region, .knownRegion)
            let domains = fields.requiredList("domains", .domain, each: [.knownDomain], whole: [.nonEmpty, .noDuplicates])
            let summary = fields.required("summary", .text, .nonEmpty)
            let detectedAt = fields.required("detectedAt", .timestamp)
            guard let incidentID, let severity, let region, let domains, let summary, let detectedAt else { return nil }
            return IncidentReported(incidentID: incidentID, severity: severity, region: region, domains: domains,
                                    summary: summary, detectedAt: detectedAt)
        }
    }

    public init(from decoder: any Decoder) throws { try self.init(fromJSON: decoder) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
