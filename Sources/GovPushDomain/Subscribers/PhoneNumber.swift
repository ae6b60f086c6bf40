/// A mainland China mobile number (11 digits, 1[3-9]xxxxxxxxx) for SMS. Personal data: prints as `138****1234`.
public struct PhoneNumber: Hashable, Sendable, TextCodable, PersonalData {
    /// The 11 digits, without country code. Use only to hand to a provider.
    public let clearText: String

    /// Accepts `13812341234`, `+8613812341234` or `86-138-1234-1234` style input and keeps the 11 digits.
    public init(_ text: String) throws(SubscriberValidationError) {
        var digits = String(text.unicodeScalars.filter { $0 != " " && $0 != "-" })
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        let bytes = Array(digits.utf8)
        guard bytes.count == 11, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw SubscriberValidationError(field: "phone", reason: "phone number must be an 11-digit mainland mobile number")
        }
        guard bytes[0] == 0x31, bytes[1] >= 0x33 else {
            throw SubscriberValidationError(field: "phone", reason: "phone number must start with 13-19")
        }
        clearText = digits
    }

    public var masked: String { String(clearText.prefix(3)) + "****" + String(clearText.suffix(4)) }

    public var encodedText: String { clearText }
}
