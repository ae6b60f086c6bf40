/// 办事指南要素: the elements every service guide must state (seed 001 task 5: 设定依据、实施机关、办理条件、
/// 办理程序、办理时限、办理材料). A guide-change event names which of them changed.
public enum ServiceGuideElement: String, EventVocabulary {
    case legalBasis = "legal-basis"
    case implementingAgency = "implementing-agency"
    case conditions = "conditions"
    case procedure = "procedure"
    case timeLimit = "time-limit"
    case materials = "materials"

    public var chineseName: String {
        switch self {
        case .legalBasis: "设定依据"
        case .implementingAgency: "实施机关"
        case .conditions: "办理条件"
        case .procedure: "办理程序"
        case .timeLimit: "办理时限"
        case .materials: "办理材料"
        }
    }

    public static var vocabularyName: String { "service guide element" }
}
