/// The key of a WeCom group bot webhook (企业微信群机器人, for village/community groups); a secret as well.
/// Personal data: prints masked (e.g. `6935****d0`).
public struct WeComBotKey: Hashable, Sendable, Codable, PersonalData {
    /// The identifier in clear. Use only to hand to the provider.
    public let clearText: String

    public init(_ text: String) throws(SubscriberValidationError) {
        clearText = try validatedOpaqueIdentifier(text, field: "botKey", what: "WeCom bot key")
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
