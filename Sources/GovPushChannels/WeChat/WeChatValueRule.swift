/// WeChat's documented limits on subscription-message field values (订阅消息参数值内容限制), keyed by the
/// field's type prefix (`thing1` is a `thing`). WeChat answers 47003 to a value that breaks them, so they are
/// enforced before sending.
///
/// Free text is shortened: a `thing` longer than 20 characters is cut to 19 + "…" and a `phrase` of Chinese
/// characters to 5, because a shortened title still informs. Structured values (numbers, case numbers, times,
/// amounts, …) are refused, because a cut one would be wrong: the delivery is permanent and the subscriber's
/// next channel is tried.
public enum WeChatValueRule: String, Sendable, CaseIterable {
    case thing, number, letter, symbol
    case characterString = "character_string"
    case time, date, amount
    case phoneNumber = "phone_number"
    case carNumber = "car_number"
    case name, phrase

    /// The rule for a field name such as `thing1` or `character_string12`; nil for a type GovPush does not know.
    public init?(fieldName: String) {
        var prefix = Substring(fieldName)
        while let last = prefix.last, last.isASCII, last.isNumber { prefix.removeLast() }
        self.init(rawValue: String(prefix))
    }

    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var field: String
        public var rule: String
        public var description: String { "WeChat template field \(field) (\(rule))" }
    }

    /// The value as it will be sent, shortened where the rule allows, or why it cannot be sent.
    public func conform(_ raw: String, field: String) -> Result<String, Refusal> {
        // Line breaks and other control characters are not allowed in any field.
        let value = String(String.UnicodeScalarView(raw.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
        func refuse(_ rule: String) -> Result<String, Refusal> { .failure(Refusal(field: field, rule: rule)) }
        guard !value.isEmpty else { return refuse("must not be empty") }
        switch self {
        case .thing:
            return .success(value.trimmed(toCharacters: 20))
        case .phrase:
            guard value.allSatisfy(\.isHan) else { return refuse("phrase takes Chinese characters only") }
            return .success(String(value.prefix(5)))
        case .number:
            let digits = value.filter(\.isASCIIDigit).count
            let shapeOK = value.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) != nil
            return shapeOK && digits <= 32 ? .success(value) : refuse("number takes at most 32 digits, optionally with decimals")
        case .letter:
            return value.count <= 32 && value.allSatisfy({ $0.isASCII && $0.isLetter }) ? .success(value) : refuse("letter takes at most 32 ASCII letters")
        case .symbol:
            return value.count <= 5 && value.allSatisfy({ !$0.isLetter && !$0.isNumber && !$0.isWhitespace }) ? .success(value) : refuse("symbol takes at most 5 symbols")
        case .characterString:
            return value.count <= 32 && value.allSatisfy({ $0.isASCII && !$0.isWhitespace }) ? .success(value) : refuse("character_string takes at most 32 digits, letters or symbols")
        case .time, .date:
            return value.count <= 64 && value.contains(where: \.isASCIIDigit) ? .success(value) : refuse("\(rawValue) must be a date/time such as 2019年10月1日 15:01")
        case .amount:
            return value.count <= 13 && value.filter(\.isASCIIDigit).count <= 10 && value.contains(where: \.isASCIIDigit) ? .success(value) : refuse("amount takes a currency sign and at most 10 digits")
        case .phoneNumber:
            return value.count <= 17 && value.allSatisfy({ $0.isASCII && !$0.isLetter }) ? .success(value) : refuse("phone_number takes at most 17 digits or symbols")
        case .carNumber:
            return value.count <= 8 ? .success(value) : refuse("car_number takes at most 8 characters")
        case .name:
            let ok = value.allSatisfy(\.isHan) ? value.count <= 10 : value.count <= 20
            return ok ? .success(value) : refuse("name takes at most 10 Chinese characters or 20 letters")
        }
    }
}

extension Character {
    /// CJK Unified Ideographs (the 汉字 WeChat's `phrase` and `name` count).
    var isHan: Bool {
        unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }

    var isASCIIDigit: Bool { isASCII && isNumber }
}
