/// One SMTP server reply (RFC 5321 §4.2): a three-digit code and its text, lines of a multi-line reply joined.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2yz: the command succeeded.
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3yz: send more (354 after DATA, 334 during AUTH).
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4yz: failed this time, may work later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5yz: will not work as sent.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The RFC 3463 enhanced status code (`5.1.1`) that starts the first line, when the server sends one.
    public var enhancedStatus: String? {
        guard let first = lines.first, let token = first.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let klass = parts[0].first, "245".contains(klass), parts[0].count == 1,
              parts.dropFirst().allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCIIDigitCharacter) })
        else { return nil }
        return String(token)
    }

    /// Code, enhanced status and text with anything address-like masked: servers often echo the recipient
    /// (`550 5.1.1 <zhang@example.com>: unknown`), and reasons and logs must not carry personal data.
    public var description: String {
        let text = lines.joined(separator: " ").split(separator: " ").map { word in
            word.contains("@") ? "<address>" : String(word)
        }.joined(separator: " ")
        let trimmed = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return trimmed.isEmpty ? "\(code)" : "\(code) \(trimmed)"
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
