/// A user id in the integrating app backend (e.g. a 皖事通-style app), the address of app webhooks.
/// Personal data: prints masked (e.g. `u123****89`).
public struct AppUserID: Hashable, Sendable, Codable, PersonalData {
    /// The identifier in clear. Use only to hand to the provider.
    public let clearText: String

    public init(_ text: String) throws(SubscriberValidationError) {
        clearText = try validatedOpaqueIdentifier(text, field: "userID", what: "app user id")
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
