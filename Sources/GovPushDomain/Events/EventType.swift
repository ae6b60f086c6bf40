/// The CloudEvents `type` of every event GovPush accepts: reverse-DNS, one per event kind
/// (DOMAIN.md "Event kinds"). Adding a kind means a new case, a payload type and a schema in docs/schemas.
public enum EventType: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// 新政策发布
    case policyPublished = "cn.gov.disclosure.policy.published"
    /// 政策解读
    case policyInterpretationPublished = "cn.gov.disclosure.policy.interpretation.published"
    /// 办事指南变更
    case serviceGuideChanged = "cn.gov.disclosure.service-guide.changed"
    /// 政务舆情
    case incidentReported = "cn.gov.disclosure.incident.reported"
    /// 权威信息发布 / 回应
    case incidentResponded = "cn.gov.disclosure.incident.responded"
    /// 办件进度
    case serviceProgress = "cn.gov.disclosure.service.progress"

    public var description: String { rawValue }
}
