/// The inner loop of region matching: walks a sorted run of entries between two positions and collects
/// the ordinals that pass the domain/reject test into a caller-provided block buffer.
///
/// It is branch-free per entry (an AND, a decrement and an unsigned compare): every position is written to `buffer[n]` and `n` advances by 0 or 1, so a
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
        assert(domainMask & ~DomainSet.validBits == 0 && rejectMask & DomainSet.validBits == 0)
        let testMask = (domainMask & DomainSet.validBits) | rejectMask
        var i = from
        while i < to {
            let blockStart = i
            let blockEnd = min(i &+ blockSize, to)
            let block = base + blockStart
            let count = blockEnd &- blockStart
            var n = 0
            // Pass 1: only the tail word is tested; the block-relative position of every entry is written
            // and kept (n += 1) when it matched. Every reject bit lies above every domain bit, so with
            // x = tail & (domains | rejects): no reject bit and some domain bit ⇔ 0 < x < 2⁴⁸ ⇔
            // x − 1 < 2⁴⁸ − 1 (unsigned; x = 0 wraps to the maximum).
            @inline(__always) func test(_ j: Int) {
                let x = block[j].tail & testMask
                buffer[n] = SubscriberOrdinal(rawValue: UInt32(truncatingIfNeeded: j))
                n &+= (x &- 1) < DomainSet.validBits ? 1 : 0
            }
            var j = 0
            while j &+ 4 <= count {
                test(j); test(j &+ 1); test(j &+ 2); test(j &+ 3)
                j &+= 4
            }
            while j < count {
                test(j)
                j &+= 1
            }
            i = blockEnd
            // Pass 2: only the matches pay for rebuilding their ordinal.
            for k in 0..<n {
                let entry = base[blockStart &+ Int(truncatingIfNeeded: buffer[k].rawValue)]
                buffer[k] = SubscriberOrdinal(rawValue: entry.ordinal)
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
