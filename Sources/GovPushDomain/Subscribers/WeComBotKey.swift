/// The key of a WeCom group bot webhook (企业微信群机器人, for village/community groups); a secret as well.
/// Personal data: prints masked (e.g. `6935****d0`).
public struct WeComBotKey: Hashable, Sendable, TextCodable, PersonalData {
    /// The identifier in clear. Use only to hand to the provider.
    public let clearText: String

    public init(_ text: String) throws(SubscriberValidationError) {
        clearText = try validatedOpaqueIdentifier(text, field: "botKey", what: "WeCom bot key")
    }

    public var masked: String { maskedText(clearText, prefix: 4, suffix: 2) }

    public var encodedText: String { clearText }
}
