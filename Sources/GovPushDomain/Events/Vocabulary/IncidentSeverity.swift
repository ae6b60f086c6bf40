/// 突发事件分级: 特别重大 (I), 重大 (II), 较大 (III), 一般 (IV). Producers write the Chinese name, the
/// roman numeral (ASCII or Unicode) or the ASCII id; all normalise to one case.
public enum IncidentSeverity: String, EventVocabulary, Comparable {
    case especiallyMajor = "especially-major"
    case major = "major"
    case relativelyMajor = "relatively-major"
    case general = "general"

    public var chineseName: String {
        switch self {
        case .especiallyMajor: "特别重大"
        case .major: "重大"
        case .relativelyMajor: "较大"
        case .general: "一般"
        }
    }

    /// I…IV: the national grading, I the most severe.
    public var level: Int {
        switch self {
        case .especiallyMajor: 1
        case .major: 2
        case .relativelyMajor: 3
        case .general: 4
        }
    }

    public var romanNumeral: String { ["I", "II", "III", "IV"][level - 1] }

    public var otherNames: [String] {
        let unicodeRoman = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"][level - 1]
        return [romanNumeral, unicodeRoman, "\(romanNumeral)级", "\(unicodeRoman)级", "\(chineseName)突发事件"]
    }

    public static var vocabularyName: String { "incident severity" }

    /// 特别重大 and 重大 incidents must get authoritative information within 5 hours, others a response
    /// within 48 hours (seed 004 §四 回应关切 2).
    public var isMajorOrAbove: Bool { level <= 2 }

    /// More severe sorts first.
    public static func < (a: IncidentSeverity, b: IncidentSeverity) -> Bool { a.level < b.level }
}
