/// 公开属性: how a document may be disclosed, as marked on it when issued (seed 000 task 3: "此件公开发布"
/// / "此件依申请公开" / "此件不予公开"; seed 001 二(一)2 adds 部分公开). Only `proactive` (主动公开) content may be
/// pushed to the public, so events carrying any other attribute are refused.
public enum DisclosureAttribute: String, EventVocabulary {
    case proactive = "proactive"
    case partial = "partial"
    case onRequest = "on-request"
    case withheld = "withheld"

    public var chineseName: String {
        switch self {
        case .proactive: "主动公开"
        case .partial: "部分公开"
        case .onRequest: "依申请公开"
        case .withheld: "不予公开"
        }
    }

    public var otherNames: [String] {
        switch self {
        case .proactive: ["此件公开发布", "公开发布"]
        case .partial: []
        case .onRequest: ["此件依申请公开"]
        case .withheld: ["此件不予公开"]
        }
    }

    public static var vocabularyName: String { "disclosure attribute" }

    /// Whether GovPush may push the content to the public.
    public var mayBePushed: Bool { self == .proactive }
}
