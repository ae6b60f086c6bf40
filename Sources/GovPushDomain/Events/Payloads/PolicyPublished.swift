import Foundation

/// 新政策发布 / 政策文件公开: a policy document was published. Carries every element seed 004 §五.1 requires
/// ("标题、发文时间、有效性、主题分类及发布机构、关键词等要素齐全") plus 文号, region, disclosure attribute and URL.
/// Targets subscribers in the region's subtree with a matching domain, and opens the 3-working-day
/// interpretation window (seed 004 §四 政策解读 1).
public struct PolicyPublished: EventPayload {
    public static var eventType: EventType { .policyPublished }

    public var policyID: String
    public var title: String
    /// 文号, e.g. 芜政办秘〔2020〕47号.
    public var documentNumber: String
    /// 发布机构, e.g. 芜湖市人民政府办公室.
    public var issuingBody: String
    /// 发文时间.
    public var issueDate: CalendarDay
    /// 成文/签发日期: the 20-working-day publication window runs from here (seed 004 §五.1).
    public var signingDate: CalendarDay?
    public var validity: PolicyValidity
    /// 主题分类.
    public var domains: [DomainID]
    public var keywords: [String]
    /// The issuing government's region; the notice reaches its whole subtree.
    public var region: RegionCode
    public var disclosureAttribute: DisclosureAttribute
    public var url: String

    public init(policyID: String, title: String, documentNumber: String, issuingBody: String, issueDate: CalendarDay,
                signingDate: CalendarDay? = nil, validity: PolicyValidity, domains: [DomainID], keywords: [String],
                region: RegionCode, disclosureAttribute: DisclosureAttribute = .proactive, url: String) {
        self.policyID = policyID
        self.title = title
        self.documentNumber = documentNumber
        self.issuingBody = issuingBody
        self.issueDate = issueDate
        self.signingDate = signingDate
        self.validity = validity
        self.domains = domains
        self.keywords = keywords
        self.region = region
        self.disclosureAttribute = disclosureAttribute
        self.url = url
    }

    public var aggregateID: String { policyID }

    public var json: JSONValue {
        .object(dropping: [
            "policyId": .string(policyID),
            "title": .string(title),
            "documentNumber": .string(documentNumber),
            "issuingBody": .string(issuingBody),
            "issueDate": .string(issueDate.description),
            "signingDate": signingDate.map { .string($0.description) },
            "validity": validity.json,
            "domains": .strings(domains),
            "keywords": .strings(keywords),
            "region": .string(region.description),
            "disclosureAttribute": .vocabulary(disclosureAttribute),
            "url": .string(url),
        ])
    }

    public static func validated(_ json: JSONValue, against reference: some EventReferenceData) -> Result<Self, EventValidationError> {
        reading(json, against: reference) { fields in
            let policyID = fields.required("policyId", .text, .identifier)
            let title = fields.required("title", .text, .nonEmpty)
            let documentNumber = fields.required("documentNumber", .text, .documentNumber)
            let issuingBody = fields.required("issuingBody", .text, .nonEmpty)
            let issueDate = fields.required("issueDate", .date)
            let signingDate = fields.optional("signingDate", .date)
            let validity = fields.requiredObject("validity", PolicyValidity.read)
            let domains = fields.requiredList("domains", .domain, each: [.knownDomain], whole: [.nonEmpty, .noDuplicates])
            let keywords = fields.requiredList("keywords", .text, each: [.nonEmpty], whole: [.nonEmpty])
            let region = fields.required("region", .region, .knownRegion)
            let disclosureAttribute = fields.required("disclosureAttribute", .vocabulary, .mayBePushed)
            let url = fields.required("url", .text, .webURL)
            if let signingDate, let issueDate, issueDate < signingDate {
                fields.report("signingDate", "is after the issue date \(issueDate); a document is signed before it is issued")
            }
            guard let policyID, let title, let documentNumber, let issuingBody, let issueDate, let validity, let domains,
                  let keywords, let region, let disclosureAttribute, let url else { return nil }
            return PolicyPublished(policyID: policyID, title: title, documentNumber: documentNumber, issuingBody: issuingBody,
                                   issueDate: issueDate, signingDate: signingDate, validity: validity, domains: domains,
                                   keywords: keywords, region: region, disclosureAttribute: disclosureAttribute, url: url)
        }
    }

    public init(from decoder: any Decoder) throws { try self.init(fromJSON: decoder) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
