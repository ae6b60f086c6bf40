/// A value that travels as one JSON string and is validated when read (ids, addresses, dates): the one
/// `Codable` implementation of GovPush's validated string types, so a bad value fails decoding with the
/// same message its initialiser gives.
public protocol TextCodable: Codable {
    associatedtype TextError: Error & CustomStringConvertible
    init(_ text: String) throws(TextError)
    /// The text this value is written as.
    var encodedText: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(encodedText)
    }
}
