/// A government service item's identifier (政务服务事项编码, e.g. from the provincial service-item catalogue),
/// which subscribers follow to hear about service-guide changes (办事指南变更, seed 001 task 5).
public struct ServiceItemID: Hashable, Comparable, Sendable, TextCodable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) throws(SubscriberValidationError) {
        guard (1...64).contains(rawValue.utf8.count),
              rawValue.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw SubscriberValidationError(field: "serviceItem", reason: "service item id must be 1-64 printable ASCII characters without spaces")
        }
        self.rawValue = rawValue
    }

    public var encodedText: String { rawValue }

    public var description: String { rawValue }
    public static func < (a: ServiceItemID, b: ServiceItemID) -> Bool { a.rawValue < b.rawValue }
}
