/// The inner loop of region matching: walks a sorted run of entries between two positions and collects
/// the ordinals that pass the domain/reject test into a caller-provided block buffer.
///
/// It is branch-free per entry: every ordinal is written to `buffer[n]` and `n` advances by 0 or 1, so a
/// 5–50 % match rate costs no mispredictions and the loop stays close to the speed of merely reading the
/// entries. After each block of `blockSize` entries the collected ordinals are handed to `flush`.
enum EntryScan {
    /// Entries per block, and so the largest batch handed out at once.
    static let blockSize = 1024

    /// Scans `entries[from..<to]`; `flush(n)` receives the number of ordinals in `buffer` (≥ 1).
    @inline(__always)
    static func run(
        _ entries: UnsafeBufferPointer<IndexEntry>, from: Int, to: Int,
        domainMask: UInt64, rejectMask: UInt64,
        buffer: UnsafeMutablePointer<SubscriberOrdinal>,
        flush: (Int) throws -> Void
    ) rethrows {
        guard from < to, let base = entries.baseAddress else { return }
        var i = from
        while i < to {
            let blockEnd = min(i &+ blockSize, to)
            var n = 0
            while i < blockEnd {
                let entry = base[i]
                let tail = entry.tail
                let wanted = tail & domainMask
                let rejected = tail & rejectMask
                // 1 when non-zero, 0 when zero, without a branch.
                let hit = ((wanted | (0 &- wanted)) >> 63) & ~((rejected | (0 &- rejected)) >> 63)
                let ordinal = UInt32(truncatingIfNeeded: entry.key & IndexEntry.ordinalLowMask)
                    | UInt32(truncatingIfNeeded: tail >> IndexEntry.ordinalHighShift) << 24
                buffer[n] = SubscriberOrdinal(rawValue: ordinal)
                n &+= Int(truncatingIfNeeded: hit)
                i &+= 1
            }
            if n > 0 { try flush(n) }
        }
    }

    /// First position in the sorted run whose key is ≥ `key`.
    static func lowerBound(_ entries: UnsafeBufferPointer<IndexEntry>, key: UInt64) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low &+ high) >> 1
            if entries[mid].key < key { low = mid &+ 1 } else { high = mid }
        }
        return low
    }

    /// The positions of the entries whose region lies in `subtree`.
    static func positions(_ entries: UnsafeBufferPointer<IndexEntry>, subtree: ClosedRange<UInt64>) -> Range<Int> {
        let keys = IndexEntry.keyRange(subtree)
        let start = lowerBound(entries, key: keys.lowerBound)
        let end = keys.upperBound == .max ? entries.count : lowerBound(entries, key: keys.upperBound &+ 1)
        return start..<max(start, end)
    }
}
