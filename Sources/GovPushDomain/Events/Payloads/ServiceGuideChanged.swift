import Foundation

/// 办事指南变更: a service item's guide changed. Names which of the elements seed 001 task 5 requires
/// changed, so applicants with open cases learn exactly what now differs. Keyed by the service item id.
public struct ServiceGuideChanged: EventPayload {
    public static var eventType: EventType { .serviceGuideChanged }

    public var serviceItemID: String
    public var serviceItemName: String
    public var changedElements: [ServiceGuideElement]
    public var region: RegionCode
    public var domains: [DomainID]
    /// What changed, in words for the notice.
    public var summary: String?
    public var url: String?

    public init(serviceItemID: String, serviceItemName: String, changedElements: [ServiceGuideElement], region: RegionCode,
                domains: [DomainID], summary: String? = nil, url: String? = nil) {
        self.serviceItemID = serviceItemID
        self.serviceItemName = serviceItemName
        self.changedElements = changedElements
        self.region = region
        self.domains = domains
        self.summary = summary
        self.url = url
    }

    public var aggregateID: String { serviceItemID }

    public var json: JSONValue {
        .object(dropping: [
            "serviceItemId": .string(serviceItemID),
            "serviceItemName": .string(serviceItemName),
            "changedElements": .array(changedElements.map(JSONValue.vocabulary)),
            "region": .string(region.description),
            "domains": .strings(domains),
            "summary": summary.map(JSONValue.string),
            "url": url.map(JSONValue.string),
        ])
    }

    public static func validated(_ json: JSONValue, against reference: some EventReferenceData) -> Result<Self, EventValidationError> {
        reading(json, against: reference) { fields in
            let serviceItemID = fields.required("serviceItemId", .text, .identifier)
            let serviceItemName = fields.required("serviceItemName", .text, .nonEmpty)
            let changedElements = fields.requiredList("changedElements", .vocabulary as FieldFormat<ServiceGuideElement>,
                                                      whole: [.nonEmpty, .noDuplicates])
            let region = fields.required("region", .region, .knownRegion)
            let domains = fields.requiredList("domains", .domain, each: [.knownDomain], whole: [.nonEmpty, .noDuplicates])
            let summary = fields.optional("summary", .text, .nonEmpty)
            let url = fields.optional("url", .text, .webURL)
            guard let serviceItemID, let serviceItemName, let changedElements, let region, let domains else { return nil }
            return ServiceGuideChanged(serviceItemID: serviceItemID, serviceItemName: serviceItemName,
                                       changedElements: changedElements, region: region, domains: domains,
                                       summary: summary, url: url)
        }
    }

    public init(from decoder: any Decoder) throws { try self.init(fromJSON: decoder) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
