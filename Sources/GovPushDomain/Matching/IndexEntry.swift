/// One (subscriber, region) entry of the subscriber index, packed into 16 bytes (two words) so a region
/// subtree is a contiguous run that streams through the cache at close to memory bandwidth.
///
/// ```
/// key  (sort key): [63 ........ 24][23 ......... 0]
///                   region (40 b)   ordinal low 24
/// tail           : [63 .. 56][55 .. 52][51 .. 48][47 ........ 0]
///                   ord hi 8  suppress   opt-outs  domains (48 b)
/// ```
/// - A normalised 12-digit region code is < 10¹² < 2⁴⁰, so 40 bits hold it exactly; sorting by `key` sorts
///   by region, and a subtree `lo...hi` is the key range `lo<<24 ... hi<<24 | 0xFFFFFF`.
/// - The ordinal (32 bits) is split so the sort key stays one word; rebuilding it is a shift and an OR.
/// - `domains` is the subscriber's `DomainSet`; the event's set is ANDed with it.
/// - `opt-outs` has one bit per region-targeted `NoticeKind` (policy, interpretation, service guide,
///   incident response); service progress targets a named applicant and is checked outside the scan.
/// - `suppress` makes multi-region subscribers come out once without any per-query set: a subscriber's
///   regions are sorted, and the entry for region rᵢ gets suppress bit L (L = 1 province … 4 township) when
///   rᵢ shares at least L levels with the next-lower region rᵢ₋₁ of the same subscriber. A query at level L
///   whose subtree holds rᵢ holds rᵢ₋₁ exactly when they share L levels, so it skips rᵢ and the lowest of
///   the subscriber's regions in the subtree is the one emitted. (Level 5, a village, cannot hold two
///   distinct codes, and equal codes are stored once.)
/// So the whole match test is `tail & eventDomains != 0 && tail & (kindBit | suppressBit(L)) == 0`.
///
/// Alternatives weighed: parallel arrays (8-byte region + 4-byte ordinal + 4-byte mask) are also 16 bytes
/// but allow only 32 domains and no room for dedup or opt-outs; a region dictionary (rank instead of code)
/// would save ~2 bytes but makes inserting a new region code renumber everything.
struct IndexEntry: Hashable, Sendable {
    var key: UInt64
    var tail: UInt64

    static let ordinalLowBits: UInt64 = 24
    static let ordinalLowMask: UInt64 = (1 << 24) - 1
    static let optOutShift: UInt64 = 48
    static let suppressShift: UInt64 = 52
    static let ordinalHighShift: UInt64 = 56

    init(region: UInt64, ordinal: UInt32, domains: DomainSet, optOutBits: UInt64, sharedLevelsWithPrevious sharedLevels: Int) {
        let ord = UInt64(ordinal)
        key = region << Self.ordinalLowBits | (ord & Self.ordinalLowMask)
        var suppress: UInt64 = 0
        for level in 0..<min(sharedLevels, 4) { suppress |= 1 << UInt64(level) }
        tail = (ord >> Self.ordinalLowBits) << Self.ordinalHighShift
            | suppress << Self.suppressShift
            | (optOutBits & 0xF) << Self.optOutShift
            | domains.rawValue
    }

    @inline(__always) var ordinal: UInt32 {
        UInt32(truncatingIfNeeded: key & Self.ordinalLowMask) | UInt32(truncatingIfNeeded: tail >> Self.ordinalHighShift) << 24
    }

    var region: UInt64 { key >> Self.ordinalLowBits }

    /// The first key of `subtree` and the last.
    static func keyRange(_ subtree: ClosedRange<UInt64>) -> ClosedRange<UInt64> {
        (subtree.lowerBound << ordinalLowBits)...(subtree.upperBound << ordinalLowBits | ordinalLowMask)
    }

    /// The `tail` bits that reject an entry for a query at `level` about notices of `kind`.
    static func rejectMask(level: RegionCode.Level, kind: NoticeKind) -> UInt64 {
        var mask: UInt64 = 0
        if level.rawValue <= 4 { mask |= 1 << (suppressShift + UInt64(level.rawValue - 1)) }
        if let bit = kind.entryBit { mask |= 1 << (optOutShift + UInt64(bit)) }
        return mask
    }

    /// How many leading levels (province, prefecture, county, township, village) two codes share.
    static func sharedLevels(_ a: UInt64, _ b: UInt64) -> Int {
        let divisors: [UInt64] = [10_000_000_000, 100_000_000, 1_000_000, 1_000, 1]
        var shared = 0
        for d in divisors {
            guard a / d == b / d else { break }
            shared += 1
        }
        return shared
    }
}

extension NoticeKind {
    /// The opt-out bit of this kind inside an `IndexEntry`, for the kinds that target regions.
    var entryBit: Int? {
        switch self {
        case .policy: 0
        case .interpretation: 1
        case .serviceGuide: 2
        case .incidentResponse: 3
        case .serviceProgress: nil
        }
    }

    /// This kind's bit among all kinds (for the per-subscriber opt-out byte).
    var allKindsBit: UInt8 { 1 << UInt8(NoticeKind.allCases.firstIndex(of: self)!) }
}
