/// A subscriber's stable identifier, chosen by the integrating app (e.g. a 皖事通 user id or a tenant-scoped
/// key). Opaque to GovPush; printable ASCII without spaces so it can travel in Kafka keys and URLs.
public struct SubscriberID: Hashable, Comparable, Sendable, TextCodable, CustomStringConvertible {
    public let rawValue: String

    public static let maximumLength = 128

    public init(_ rawValue: String) throws(SubscriberValidationError) {
        guard (1...Self.maximumLength).contains(rawValue.utf8.count) else {
            throw SubscriberValidationError(field: "id", reason: "must be 1-\(Self.maximumLength) bytes long")
        }
        guard rawValue.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw SubscriberValidationError(field: "id", reason: "must be printable ASCII without spaces")
        }
        self.rawValue = rawValue
    }

    public var encodedText: String { rawValue }

    public var description: String { rawValue }
    public static func < (a: SubscriberID, b: SubscriberID) -> Bool { a.rawValue < b.rawValue }
}
