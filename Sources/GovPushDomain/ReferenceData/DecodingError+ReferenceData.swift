/// A one-line account of why a bundled or configured reference-data file failed to decode, naming the field,
/// so that a load error points at the entry to fix.
extension DecodingError {
    var referenceDataSummary: String {
        switch self {
        case .keyNotFound(let key, let context):
            "missing \"\(key.stringValue)\" at \(Self.path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(context.debugDescription) at \(Self.path(context.codingPath))"
        @unknown default: "\(self)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
