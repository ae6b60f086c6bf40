/// The index's dense internal number for a subscriber (0, 1, 2, …), 4 bytes where a `SubscriberID` string
/// would be 16+. Stable while the subscriber stays in the index; reused after removal. Map back with
/// `SubscriberIndex.subscriberID(of:)`. At most 2³² subscribers per index.
public struct SubscriberOrdinal: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public var description: String { "#\(rawValue)" }
    public static func < (a: SubscriberOrdinal, b: SubscriberOrdinal) -> Bool { a.rawValue < b.rawValue }
}
