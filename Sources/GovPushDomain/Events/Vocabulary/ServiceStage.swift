/// The one-time-notice stages of a service case (seed 000 task 10: "事前准备清晰明了、事中进展实时掌握、
/// 事后结果及时获知").
public enum ServiceStage: String, EventVocabulary {
    case preparation = "preparation"
    case inProgress = "in-progress"
    case result = "result"

    public var chineseName: String {
        switch self {
        case .preparation: "事前准备"
        case .inProgress: "事中进展"
        case .result: "事后结果"
        }
    }

    public static var vocabularyName: String { "service stage" }
}
