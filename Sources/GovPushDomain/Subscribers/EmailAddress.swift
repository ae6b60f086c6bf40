/// An e-mail address (checked for shape only: one `@`, a non-empty local part, a dotted domain; the SMTP
/// server is the judge of the rest). Personal data: prints as `z***@example.com`.
public struct EmailAddress: Hashable, Sendable, TextCodable, PersonalData {
    /// The address as given (domain lower-cased). Use only to hand to the mail transport.
    public let clearText: String

    public init(_ text: String) throws(SubscriberValidationError) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, text.utf8.count <= 254 else {
            throw SubscriberValidationError(field: "email", reason: "e-mail address must have the form local@domain")
        }
        let domain = parts[1].lowercased()
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else {
            throw SubscriberValidationError(field: "email", reason: "e-mail domain must be a dotted name such as example.com")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw SubscriberValidationError(field: "email", reason: "e-mail address must not contain spaces or control characters")
        }
        clearText = parts[0] + "@" + domain
    }

    public var masked: String {
        let at = clearText.firstIndex(of: "@")!
        return String(clearText[..<at].prefix(1)) + "***" + String(clearText[at...])
    }

    public var encodedText: String { clearText }
}
