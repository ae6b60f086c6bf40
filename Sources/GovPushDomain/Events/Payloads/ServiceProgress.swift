import Foundation

/// 办件进度: a one-time notice (一次告知) to exactly one applicant about their case, at one of the stages
/// of seed 000 task 10 (事前准备 / 事中进展 / 事后结果). Urgent. Keyed by the case id.
///
/// The applicant is named by subscriber id only; phone numbers and openids stay in the subscriber store.
public struct ServiceProgress: EventPayload {
    public static var eventType: EventType { .serviceProgress }

    /// The subscriber id of the applicant (an opaque id, never contact details).
    public var applicantID: String
    public var caseID: String
    public var serviceItemID: String
    public var stage: ServiceStage
    /// The notice text shown to the applicant.
    public var text: String

    public init(applicantID: String, caseID: String, serviceItemID: String, stage: ServiceStage, text: String) {
        self.applicantID = applicantID
        self.caseID = caseID
        self.serviceItemID = serviceItemID
        self.stage = stage
        self.text = text
    }

    public var aggregateID: String { caseID }

    public var json: JSONValue {
        .object([
            "applicantId": .string(applicantID),
            "caseId": .string(caseID),
            "serviceItemId": .string(serviceItemID),
            "stage": .vocabulary(stage),
            "text": .string(text),
        ])
    }

    public static func validated(_ json: JSONValue, against reference: some EventReferenceData) -> Result<Self, EventValidationError> {
        reading(json, against: reference) { fields in
            let applicantID = fields.required("applicantId", .text, .identifier)
            let caseID = fields.required("caseId", .text, .identifier)
            let serviceItemID = fields.required("serviceItemId", .text, .identifier)
            let stage = fields.required("stage", .vocabulary as FieldFormat<ServiceStage>)
            let text = fields.required("text", .text, .nonEmpty)
            guard let applicantID, let caseID, let serviceItemID, let stage, let text else { return nil }
            return ServiceProgress(applicantID: applicantID, caseID: caseID, serviceItemID: serviceItemID, stage: stage, text: text)
        }
    }

    public init(from decoder: any Decoder) throws { try self.init(fromJSON: decoder) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
