/// A WeChat openid (用户在公众号/小程序下的唯一标识), the address of WeChat subscription messages.
/// Personal data: prints masked (e.g. `oAbC****Xy`).
public struct WeChatOpenID: Hashable, Sendable, TextCodable, PersonalData {
    /// The identifier in clear. Use only to hand to the provider.
    public let clearText: String

    public init(_ text: String) throws(SubscriberValidationError) {
        clearText = try validatedOpaqueIdentifier(text, field: "openID", what: "WeChat openid")
    }

    public var masked: String { maskedText(clearText, prefix: 4, suffix: 2) }

    public var encodedText: String { clearText }
}
