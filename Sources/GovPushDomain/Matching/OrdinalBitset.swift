/// A growable set of subscriber ordinals as one bit each (10 M subscribers = 1.25 MB), for the index's
/// "retired in main" and "has delta entries" marks, which are tested on the matching path.
struct OrdinalBitset: Sendable {
    private var words: [UInt64] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    @inline(__always) func contains(_ ordinal: UInt32) -> Bool {
        let word = Int(ordinal >> 6)
        return word < words.count && words[word] & (1 << UInt64(ordinal & 63)) != 0
    }

    mutating func insert(_ ordinal: UInt32) {
        let word = Int(ordinal >> 6), bit: UInt64 = 1 << UInt64(ordinal & 63)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    mutating func remove(_ ordinal: UInt32) {
        let word = Int(ordinal >> 6), bit: UInt64 = 1 << UInt64(ordinal & 63)
        guard word < words.count, words[word] & bit != 0 else { return }
        words[word] &= ~bit
        count -= 1
    }

    mutating func removeAll() {
        words = []
        count = 0
    }
}
