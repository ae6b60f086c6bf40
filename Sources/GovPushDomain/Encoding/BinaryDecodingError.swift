/// Why a compact binary record (a delivery job, a stored subscriber) could not be read. `reason` names
/// the position or field, never the record's content, which may be personal data.
public struct BinaryDecodingError: Error, Equatable, CustomStringConvertible {
    /// What was being read, e.g. "delivery job".
    public let record: String
    public let reason: String

    public init(record: String, reason: String) {
        self.record = record
        self.reason = reason
    }

    public var description: String { "unreadable \(record): \(reason)" }
}
