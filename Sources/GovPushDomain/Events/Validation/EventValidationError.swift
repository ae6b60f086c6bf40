/// An event that was refused, with every problem found (not only the first), so a producer fixes them
/// in one round trip. The HTTP API renders the issues as problem+json, the CLI one per line, the
/// consumers log them with the event's id and type (reasons echo offending values of non-personal fields
/// only; a service-progress `text` is never quoted).
public struct EventValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let issues: [ValidationIssue]
    /// The CloudEvents `id` and `type` of the refused event, when they could be read.
    public let eventID: String?
    public let eventType: String?

    public init(_ issues: [ValidationIssue], eventID: String? = nil, eventType: String? = nil) {
        self.issues = issues
        self.eventID = eventID
        self.eventType = eventType
    }

    public var description: String {
        var subject = "event"
        if let eventID { subject += " \(eventID)" }
        if let eventType { subject += " (\(eventType))" }
        return "\(subject) refused (\(issues.count) issue\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}
