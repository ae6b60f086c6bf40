import GovPushDomain

/// A subscriber's channel order packed into 16 bits (3 bits per channel, up to 5), so the dispatcher
/// can keep one for each of millions of subscribers in a flat array indexed by ordinal.
struct ChannelPlan: Equatable {
    private static let kinds = ChannelKind.allCases
    private(set) var packed: UInt16

    init(_ order: [ChannelKind]) {
        var packed: UInt16 = 0
        for (position, kind) in order.prefix(5).enumerated() {
            packed |= UInt16(Self.kinds.firstIndex(of: kind)! + 1) << (3 * position)
        }
        self.packed = packed
    }

    init(packed: UInt16) { self.packed = packed }

    var channels: [ChannelKind] {
        var result: [ChannelKind] = []
        var rest = packed
        while rest != 0 {
            result.append(Self.kinds[Int(rest & 0b111) - 1])
            rest >>= 3
        }
        return result
    }
}
