/// Why a subscriber (or one of its parts) was refused: which field, and the reason, for people and for
/// problem+json. Never carries a personal address in clear (addresses are quoted masked).
public struct SubscriberValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A dotted path to the offending field, e.g. `channels[1].address` or `quietHours.startMinute`.
    public let field: String
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
