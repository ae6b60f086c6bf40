/// A user id in the integrating app backend (e.g. a 皖事通-style app), the address of app webhooks.
/// Personal data: prints masked (e.g. `u123****89`).
public struct AppUserID: Hashable, Sendable, TextCodable, PersonalData {
    /// The identifier in clear. Use only to hand to the provider.
    public let clearText: String

    public init(_ text: String) throws(SubscriberValidationError) {
        clearText = try validatedOpaqueIdentifier(text, field: "userID", what: "app user id")
    }

    public var masked: String { maskedText(clearText, prefix: 4, suffix: 2) }

    public var encodedText: String { clearText }
}
