/// The kinds of notice a subscriber can opt out of, one per event kind that reaches the public
/// (DOMAIN.md "Event kinds"; public-opinion incidents go to ops staff, not subscribers).
public enum NoticeKind: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// 新政策发布 / 政策文件公开
    case policy
    /// 政策解读
    case interpretation
    /// 办事指南变更
    case serviceGuide = "service-guide"
    /// 权威信息发布 / 回应
    case incidentResponse = "incident-response"
    /// 办件进度 (one-time notice to the applicant)
    case serviceProgress = "service-progress"

    public var description: String { rawValue }

    public static func < (a: NoticeKind, b: NoticeKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
