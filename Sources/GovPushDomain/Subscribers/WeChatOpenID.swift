/// A WeChat openid (用户在公众号/小程序下的唯一标识), the address of WeChat subscription messages.
/// Personal data: prints masked (e.g. `oAbC****Xy`).
public struct WeChatOpenID: Hashable, Sendable, Codable, PersonalData {
    /// The identifier in clear. Use only to hand to the provider.
    public let clearText: String

    public init(_ text: String) throws(SubscriberValidationError) {
        clearText = try validatedOpaqueIdentifier(text, field: "openID", what: "WeChat openid")
    }

    public var masked: String { maskedText(clearText, prefix: 4, suffix: 2) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(clearText)
    }
}
