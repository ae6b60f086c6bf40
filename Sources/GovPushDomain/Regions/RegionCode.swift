/// An administrative division code (行政区划代码): GB/T 2260 six-digit codes for province, prefecture and
/// county, and the 12-digit statistical division codes for township (9 digits + "000") and village.
///
/// Every code is kept normalised to its 12-digit form, so a region's subtree is the contiguous range
/// `subtree` of 12-digit codes (DOMAIN.md "Regions"; seed 000 task 11 and seed 002 §9 reach villages).
/// Whether a code names a region that exists is the `RegionCatalog`'s business, not this type's.
public struct RegionCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 12-digit form, e.g. 340223000000 for 南陵县.
    public let value: UInt64

    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case province = 1, prefecture, county, township, village

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .province: "province"
            case .prefecture: "prefecture"
            case .county: "county"
            case .township: "township"
            case .village: "village"
            }
        }
    }

    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case notDigits(String)
        case wrongLength(String)
        case malformed(String, reason: String)

        public var description: String {
            switch self {
            case .notDigits(let s): "region code \"\(s)\" must contain only digits"
            case .wrongLength(let s): "region code \"\(s)\" must have 6, 9 or 12 digits"
            case .malformed(let s, let reason): "region code \"\(s)\" is malformed: \(reason)"
            }
        }
    }

    /// Parses a 6-, 9- or 12-digit code. Checks structure only (digits, length, no level skipped).
    public init(_ text: String) throws(ParseError) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits(text) }
        let padded: String
        switch text.utf8.count {
        case 6: padded = text + "000000"
        case 9: padded = text + "000"
        case 12: padded = text
        default: throw .wrongLength(text)
        }
        guard let value = UInt64(padded) else { throw .notDigits(text) }
        let code = RegionCode(uncheckedValue: value)
        guard code.provinceDigits != 0 else { throw .malformed(text, reason: "province digits are 00") }
        // A lower level may only be set when every higher one is (e.g. 340023 skips the prefecture),
        // except that prefecture cities without counties (441900 东莞市) have townships directly.
        let parts = [code.prefectureDigits, code.countyDigits, code.townshipDigits, code.villageDigits]
        let countyless = code.prefectureDigits != 0 && code.countyDigits == 0 && code.townshipDigits != 0
        if !countyless, let firstZero = parts.firstIndex(of: 0), parts[firstZero...].contains(where: { $0 != 0 }) {
            throw .malformed(text, reason: "a lower level is set while a higher one is zero")
        }
        self = code
    }

    /// Wraps a 12-digit value that is known to be well formed (e.g. read back from an index).
    public init(uncheckedValue: UInt64) { self.value = uncheckedValue }

    var provinceDigits: UInt64 { value / 10_000_000_000 }
    var prefectureDigits: UInt64 { value / 100_000_000 % 100 }
    var countyDigits: UInt64 { value / 1_000_000 % 100 }
    var townshipDigits: UInt64 { value / 1_000 % 1_000 }
    var villageDigits: UInt64 { value % 1_000 }

    public var level: Level {
        if villageDigits != 0 { return .village }
        if townshipDigits != 0 { return .township }
        if countyDigits != 0 { return .county }
        if prefectureDigits != 0 { return .prefecture }
        return .province
    }

    /// The width of this level's subtree in 12-digit code space.
    private var span: UInt64 {
        switch level {
        case .province: 10_000_000_000
        case .prefecture: 100_000_000
        case .county: 1_000_000
        case .township: 1_000
        case .village: 1
        }
    }

    /// Every 12-digit code under (and including) this region.
    public var subtree: ClosedRange<UInt64> { value...(value + span - 1) }

    public func contains(_ other: RegionCode) -> Bool { subtree.contains(other.value) }

    /// The enclosing code one level up by structure (the catalog knows the real parent, which can skip a level).
    public var structuralParent: RegionCode? {
        switch level {
        case .province: nil
        case .prefecture: RegionCode(uncheckedValue: value / 10_000_000_000 * 10_000_000_000)
        case .county: RegionCode(uncheckedValue: value / 100_000_000 * 100_000_000)
        case .township: RegionCode(uncheckedValue: value / 1_000_000 * 1_000_000)
        case .village: RegionCode(uncheckedValue: value / 1_000 * 1_000)
        }
    }

    /// The six-digit county-level (or higher) code this code falls under.
    public var countyCode: RegionCode { RegionCode(uncheckedValue: value / 1_000_000 * 1_000_000) }

    /// The shortest text that names this code: 6 digits down to county, 9 for a township, 12 for a village.
    public var description: String {
        let twelve = String(value)
        let padded = String(repeating: "0", count: max(0, 12 - twelve.count)) + twelve
        switch level {
        case .province, .prefecture, .county: return String(padded.prefix(6))
        case .township: return String(padded.prefix(9))
        case .village: return padded
        }
    }

    public static func < (a: RegionCode, b: RegionCode) -> Bool { a.value < b.value }
}
