/// A set of disclosure domains as a bitmask over the domain catalog's stable bit indices (the integrator
/// maps `DomainID` → bit through `DomainCatalog`), so "does this subscriber care about any of the event's
/// domains" is one AND in the index's inner loop.
///
/// **Limit:** `DomainSet.capacity` = 48 bits (0...47): the 26 pilot domains of seed 001's annex plus 22
/// added later. The bound comes from the 16-byte index entry (`IndexEntry`: 40-bit region + 32-bit ordinal
/// + 4 opt-out + 4 dedup bits leave 48). Every way in checks it and throws `DomainSet.CapacityError`;
/// going beyond 48 means a wider entry (e.g. a 24-byte entry or a region dictionary), not a silent wrap.
public struct DomainSet: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Number of supported bit indices (0..<capacity).
    public static let capacity = 48
    /// The bits a set may use.
    public static let validBits: UInt64 = (1 << UInt64(capacity)) - 1

    public struct CapacityError: Error, Equatable, Sendable, CustomStringConvertible {
        public let bit: Int
        public var description: String {
            "domain bit \(bit) is outside the supported range 0..<\(DomainSet.capacity) (DomainSet.capacity)"
        }
    }

    /// Bit i set ⇔ the domain with catalog bit i is in the set.
    public private(set) var rawValue: UInt64

    public static let empty = DomainSet(uncheckedRawValue: 0)

    public init() { rawValue = 0 }

    public init(rawValue: UInt64) throws(CapacityError) {
        guard rawValue & ~Self.validBits == 0 else {
            throw CapacityError(bit: 63 - (rawValue & ~Self.validBits).leadingZeroBitCount)
        }
        self.rawValue = rawValue
    }

    public init(bits: some Sequence<Int>) throws(CapacityError) {
        rawValue = 0
        for bit in bits { try insert(bit) }
    }

    init(uncheckedRawValue: UInt64) { rawValue = uncheckedRawValue }

    public mutating func insert(_ bit: Int) throws(CapacityError) {
        guard (0..<Self.capacity).contains(bit) else { throw CapacityError(bit: bit) }
        rawValue |= 1 << UInt64(bit)
    }

    public mutating func remove(_ bit: Int) {
        guard (0..<Self.capacity).contains(bit) else { return }
        rawValue &= ~(1 << UInt64(bit))
    }

    public func contains(_ bit: Int) -> Bool {
        (0..<Self.capacity).contains(bit) && rawValue & (1 << UInt64(bit)) != 0
    }

    public var isEmpty: Bool { rawValue == 0 }
    public var count: Int { rawValue.nonzeroBitCount }
    public var bits: [Int] { (0..<Self.capacity).filter { rawValue & (1 << UInt64($0)) != 0 } }

    public func union(_ other: DomainSet) -> DomainSet { DomainSet(uncheckedRawValue: rawValue | other.rawValue) }
    public func intersection(_ other: DomainSet) -> DomainSet { DomainSet(uncheckedRawValue: rawValue & other.rawValue) }
    public func intersects(_ other: DomainSet) -> Bool { rawValue & other.rawValue != 0 }

    /// Encoded as the sorted list of bit indices, so stored data survives a change of representation.
    public init(from decoder: any Decoder) throws {
        let bits = try decoder.singleValueContainer().decode([Int].self)
        do { try self.init(bits: bits) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bits)
    }

    public var description: String { "{" + bits.map(String.init).joined(separator: ",") + "}" }
}
