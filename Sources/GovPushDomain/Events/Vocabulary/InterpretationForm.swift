/// 解读形式: how a policy is interpreted (seed 004 §四 政策解读 2: 文字、图片、新闻发布会、动漫视频; Q&A is the
/// common 问答 form).
public enum InterpretationForm: String, EventVocabulary {
    case text = "text"
    case graphic = "graphic"
    case video = "video"
    case pressConference = "press-conference"
    case questionsAndAnswers = "qa"

    public var chineseName: String {
        switch self {
        case .text: "文字解读"
        case .graphic: "图片解读"
        case .video: "视频解读"
        case .pressConference: "新闻发布会"
        case .questionsAndAnswers: "问答"
        }
    }

    public var otherNames: [String] {
        switch self {
        case .text: ["文字"]
        case .graphic: ["图片", "图解"]
        case .video: ["视频", "动漫视频"]
        case .pressConference: ["发布会"]
        case .questionsAndAnswers: ["问答解读", "q&a"]
        }
    }

    public static var vocabularyName: String { "interpretation form" }
}
