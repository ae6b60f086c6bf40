/// One thing wrong with an event: where (`data.documentNumber`, `data.domains[2]`, `time`) and why,
/// written for the producer who has to fix it.
public struct ValidationIssue: Hashable, Sendable, CustomStringConvertible {
    /// The CloudEvents attribute (`id`, `time`, …), `data`, a path inside it, or a Kafka header/key.
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
