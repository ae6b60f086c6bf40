import Foundation

/// A closed set of terms from the source documents (severity, disclosure attribute, …), written on the
/// wire as a stable ASCII id, and accepted in the Chinese form producers actually use.
public protocol EventVocabulary: RawRepresentable<String>, CaseIterable, Sendable, Hashable, Codable {
    /// The Chinese term as printed in the documents.
    var chineseName: String { get }
    /// Other spellings accepted on input (roman numerals, the document's printed phrase, …).
    var otherNames: [String] { get }
    /// What the set is called in error messages.
    static var vocabularyName: String { get }
}

extension EventVocabulary {
    public var otherNames: [String] { [] }

    /// Accepts the ASCII id (case-insensitive), the Chinese term or any other listed spelling.
    public init?(wireName: String) {
        let trimmed = wireName.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        guard let match = Self.allCases.first(where: { term in
            term.rawValue == lowered || term.chineseName == trimmed || term.otherNames.contains(trimmed)
                || term.otherNames.contains(where: { $0.lowercased() == lowered })
        }) else { return nil }
        self = match
    }

    static var acceptedNames: String {
        allCases.map { "\($0.rawValue) (\($0.chineseName))" }.joined(separator: ", ")
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let term = Self(wireName: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "\"\(text)\" is not a known \(Self.vocabularyName); expected one of \(Self.acceptedNames)"))
        }
        self = term
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
