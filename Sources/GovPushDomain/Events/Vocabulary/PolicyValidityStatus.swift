/// 有效性: whether a policy document is in force (seed 004 §五.1 requires it on every published document).
public enum PolicyValidityStatus: String, EventVocabulary {
    case inForce = "in-force"
    case notYetInForce = "not-yet-in-force"
    case expired = "expired"
    case repealed = "repealed"

    public var chineseName: String {
        switch self {
        case .inForce: "有效"
        case .notYetInForce: "尚未生效"
        case .expired: "失效"
        case .repealed: "废止"
        }
    }

    public var otherNames: [String] {
        switch self {
        case .inForce: ["现行有效"]
        case .notYetInForce: ["未生效"]
        case .expired: ["已失效"]
        case .repealed: ["已废止"]
        }
    }

    public static var vocabularyName: String { "validity status" }
}
