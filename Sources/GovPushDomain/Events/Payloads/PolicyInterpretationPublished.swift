import Foundation

/// 政策解读: an interpretation of a published policy. Reaches the policy's audience and closes its
/// 3-working-day interpretation window (seed 004 §四 政策解读 1); keyed by the policy id so it follows the
/// policy in the same partition.
public struct PolicyInterpretationPublished: EventPayload {
    public static var eventType: EventType { .policyInterpretationPublished }

    /// The policy interpreted.
    public var policyID: String
    public var form: InterpretationForm
    public var url: String
    public var region: RegionCode
    public var domains: [DomainID]
    public var title: String?

    public init(policyID: String, form: InterpretationForm, url: String, region: RegionCode, domains: [DomainID],
                title: String? = nil) {
        self.policyID = policyID
        self.form = form
        self.url = url
        self.region = region
        self.domains = domains
        self.title = title
    }

    public var aggregateID: String { policyID }

    public var json: JSONValue {
        .object(dropping: [
            "policyId": .string(policyID),
            "form": .vocabulary(form),
            "url": .string(url),
            "region": .string(region.description),
            "domains": .strings(domains),
            "title": title.map(JSONValue.string),
        ])
    }

    public static func validated(_ json: JSONValue, against reference: some EventReferenceData) -> Result<Self, EventValidationError> {
        reading(json, against: reference) { fields in
            let policyID = fields.required("policyId", .text, .identifier)
            let form = fields.required("form", .vocabulary as FieldFormat<InterpretationForm>)
            let url = fields.required("url", .text, .webURL)
            let region = fields.required("region", .region, .knownRegion)
            let domains = fields.requiredList("domains", .domain, each: [.knownDomain], whole: [.nonEmpty, .noDuplicates])
            let title = fields.optional("title", .text, .nonEmpty)
            guard let policyID, let form, let url, let region, let domains else { return nil }
            return PolicyInterpretationPublished(policyID: policyID, form: form, url: url, region: region, domains: domains,
                                                 title: title)
        }
    }

    public init(from decoder: any Decoder) throws { try self.init(fromJSON: decoder) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
