/// A hash map split into 256 copy-on-write shards by key hash, so that after a snapshot of the index is
/// taken, an update copies one shard (1/256 of the entries) instead of a dictionary of millions.
struct ShardedMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private static var shardCount: Int { 256 }
    private var shards = [[Key: Value]](repeating: [:], count: 256)
    private(set) var count = 0

    /// The top 8 bits of the hash pick the shard, so the low bits each shard's own table uses stay spread.
    @inline(__always) private static func shard(_ key: Key) -> Int { Int(truncatingIfNeeded: UInt(bitPattern: key.hashValue) >> (UInt.bitWidth - 8)) }

    subscript(_ key: Key) -> Value? {
        get { shards[Self.shard(key)][key] }
        set {
            let s = Self.shard(key)
            let old = shards[s].updateValue_(newValue, forKey: key)
            count += (newValue == nil ? 0 : 1) - (old == nil ? 0 : 1)
        }
    }

    /// Sets the value and returns the previous one, with a single probe.
    @discardableResult
    mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        let old = shards[Self.shard(key)].updateValue(value, forKey: key)
        if old == nil { count += 1 }
        return old
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        let old = shards[Self.shard(key)].removeValue(forKey: key)
        if old != nil { count -= 1 }
        return old
    }

    mutating func reserveCapacity(_ total: Int) {
        for s in shards.indices { shards[s].reserveCapacity(total / Self.shardCount + 1) }
    }
}

private extension Dictionary {
    /// Sets or removes the value and returns the previous one.
    mutating func updateValue_(_ value: Value?, forKey key: Key) -> Value? {
        if let value { return updateValue(value, forKey: key) }
        return removeValue(forKey: key)
    }
}
