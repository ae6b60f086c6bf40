/// An event that was refused, with every problem found (not only the first), so a producer fixes them
/// in one round trip. The HTTP API renders the issues as problem+json, the CLI one per line.
public struct EventValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) { self.issues = issues }

    public var description: String {
        "event refused (\(issues.count) issue\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}
