import Foundation
@testable import GovPushDomain

/// A stand-in for the region and domain catalogs: the regions of the seed documents and three domains.
struct EventReferenceFake: EventReferenceData {
    static let regions: Set<String> = ["340000", "340200", "340223", "341800", "610000", "150600", "150623"]
    static let domains: Set<String> = ["social-assistance", "compulsory-education", "employment"]

    func regionProblem(_ code: RegionCode) -> String? {
        Self.regions.contains(code.description) ? nil : "\(code) is not in the region catalog"
    }

    func isKnownDomain(_ id: DomainID) -> Bool { Self.domains.contains(id.rawValue) }
}

/// Events built from the seed documents' real data (URLs are placeholders).
enum EventSamples {
    static let reference = EventReferenceFake()
    static let published = Date(timeIntervalSince1970: 1_779_323_400) // a whole second, so RFC 3339 round-trips exactly

    static func region(_ text: String) -> RegionCode { try! RegionCode(text) }
    static func domain(_ text: String) -> DomainID { try! DomainID(text) }
    static func date(_ text: String) -> CalendarDay { try! CalendarDay(text) }

    /// 芜政办秘〔2020〕47号 (seed 000).
    static let wuhuPolicy = PolicyPublished(
        policyID: "wuhu-wzbm-2020-47",
        title: "芜湖市人民政府办公室关于印发芜湖市全面推进基层政务公开标准化规范化工作实施方案的通知",
        documentNumber: "芜政办秘〔2020〕47号",
        issuingBody: "芜湖市人民政府办公室",
        issueDate: date("2020-08-17"),
        signingDate: date("2020-08-17"),
        validity: PolicyValidity(status: .inForce, effectiveFrom: date("2020-08-17")),
        domains: [domain("social-assistance"), domain("compulsory-education"), domain("employment")],
        keywords: ["基层政务公开", "标准化规范化"],
        region: region("340200"),
        disclosureAttribute: .proactive,
        url: "https://disclosure.example.org/340200/policies/wzbm-2020-47")

    static let interpretation = PolicyInterpretationPublished(
        policyID: "wuhu-wzbm-2020-47", form: .questionsAndAnswers,
        url: "https://disclosure.example.org/340200/interpretations/wzbm-2020-47-qa",
        region: region("340200"), domains: [domain("social-assistance")], title: "图解：芜湖市基层政务公开实施方案")

    static let guideChange = ServiceGuideChanged(
        serviceItemID: "340223-dibao-review", serviceItemName: "最低生活保障审核确认",
        changedElements: [.materials, .timeLimit], region: region("340223"), domains: [domain("social-assistance")],
        summary: "办理时限由20个工作日缩短为15个工作日，取消户口本复印件", url: nil)

    static let incident = IncidentReported(
        incidentID: "341800-2026-0042", severity: .major, region: region("341800"), domains: [domain("employment")],
        summary: "网传宣城市某企业拖欠农民工工资", detectedAt: Date(timeIntervalSince1970: 1_779_300_000))

    static let response = IncidentResponded(
        incidentID: "341800-2026-0042", url: "https://disclosure.example.org/341800/responses/2026-0042",
        respondedAt: Date(timeIntervalSince1970: 1_779_310_000), region: region("341800"),
        domains: [domain("employment")], summary: "宣城市人力资源和社会保障局已介入核查，工资已全部支付")

    static let progress = ServiceProgress(
        applicantID: "sub-7f3a9c", caseID: "case-340223-2026-000981", serviceItemID: "340223-dibao-review",
        stage: .inProgress, text: "您的最低生活保障申请已受理，正在入户调查，预计15个工作日内办结。")

    static let allEvents: [GovEvent] = [
        .policyPublished(wuhuPolicy), .policyInterpretationPublished(interpretation), .serviceGuideChanged(guideChange),
        .incidentReported(incident), .incidentResponded(response), .serviceProgress(progress),
    ]

    /// The payload's JSON with `edit` applied, e.g. to remove or spoil a field.
    static func json(_ payload: some EventPayload, _ edit: (inout [String: JSONValue]) -> Void) -> JSONValue {
        guard case .object(var object) = payload.json else { fatalError("payloads are objects") }
        edit(&object)
        return .object(object)
    }

    static func parse(_ text: String) -> JSONValue { try! JSONValue.parse(Array(text.utf8)) }
}

extension Result where Failure == EventValidationError {
    /// The issues of a failure; empty on success.
    var issues: [ValidationIssue] {
        if case .failure(let error) = self { return error.issues }
        return []
    }

    var paths: Set<String> { Set(issues.map(\.path)) }

    func reason(at path: String) -> String? { issues.first { $0.path == path }?.reason }
}

extension EventValidationError {
    var paths: Set<String> { Set(issues.map(\.path)) }
    func reason(at path: String) -> String? { issues.first { $0.path == path }?.reason }
}
