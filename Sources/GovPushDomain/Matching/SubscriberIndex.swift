/// Finds the subscribers an event targets (DESIGN.md "Data flow", matching): by region subtree and domain,
/// by followed service item, or by named applicant.
///
/// **Layout.** (subscriber, region) pairs are 16-byte `IndexEntry`s sorted by 12-digit region code, so
/// "everyone under 340223 with domain X" is two binary searches and one branch-free sequential scan with a
/// mask test (`EntryScan`). A subscriber with several regions in the queried subtree comes out once, by
/// construction of the entries' suppress bits (no per-query hash set). Followers and applicants are hash
/// look-ups.
///
/// **Updates without a rebuild** (a two-level LSM): a large immutable sorted `main` run, a small sorted
/// `delta` run (at most `deltaLimit` entries; insertion is a binary search + memmove of ≤ 1 MB) and a
/// `retired` bitset over ordinals whose `main` entries are stale. An add/change writes the subscriber's
/// entries to `delta` and retires its ordinal in `main`; a remove only retires. The retired check runs only
/// on entries that already matched, and only when something is retired. When `delta` or the retired count
/// exceeds `deltaLimit`, `compact()` merges linearly (no sort) into a new `main`: O(n) once every
/// `deltaLimit` updates (measured at 12.4 M entries: ~0.65 s, i.e. ~10 µs per update amortised with the
/// default limit; raise `deltaLimit` for bigger indexes, at the price of a longer delta memmove).
///
/// **Concurrency.** A value type made of copy-on-write arrays and dictionaries, so it is `Sendable` and a
/// copy is an immutable snapshot: the dispatcher applies the `govpush.subscribers` changelog to its own
/// `var index` and hands `let snapshot = index` to concurrent match tasks. An update after a snapshot copies
/// only what it touches: the small delta, the two ordinal bitsets (1 bit per subscriber), one 64 Ki chunk of
/// each per-ordinal column (`ChunkedColumn`) and one of 256 shards of each map (`ShardedMap`) — about 2 ms
/// at 10 M subscribers, not a copy of the index; a long batch between two snapshots pays at most one full
/// copy of the columns and maps (`govpush bench match` reports both). `main` stays shared until the next
/// compaction replaces it.
public struct SubscriberIndex: Sendable {
    public enum UpdateError: Error, Equatable, Sendable, CustomStringConvertible {
        case duplicateID(SubscriberID)
        case tooManySubscribers(limit: UInt64)

        public var description: String {
            switch self {
            case .duplicateID(let id): "subscriber \(id) appears twice in the bulk load"
            case .tooManySubscribers(let limit): "the subscriber index holds at most \(limit) subscribers (32-bit ordinals)"
            }
        }
    }

    /// Bytes per (subscriber, region) entry of the region index.
    public static let bytesPerEntry = MemoryLayout<IndexEntry>.stride

    /// Most entries `delta` (and most ordinals `retired`) may hold before an update compacts.
    public var deltaLimit: Int

    var main: [IndexEntry] = []
    var delta: [IndexEntry] = []
    /// Bit per ordinal: the ordinal's entries in `main` are stale.
    var retired = OrdinalBitset()
    /// Bit per ordinal: the ordinal has entries in `delta`.
    var inDelta = OrdinalBitset()
    /// By ordinal; `nil` for a free ordinal.
    var ids = ChunkedColumn<SubscriberID?>()
    /// By ordinal: `NoticeKind.allKindsBit`s the subscriber opted out of.
    var optOutBits = ChunkedColumn<UInt8>()
    /// Only subscribers that follow something are listed.
    var serviceItemsByOrdinal = ShardedMap<UInt32, [ServiceItemID]>()
    var followers: [ServiceItemID: Set<UInt32>] = [:]
    var ordinalsByID = ShardedMap<SubscriberID, UInt32>()
    var freeOrdinals: [UInt32] = []

    public init(deltaLimit: Int = 65_536) {
        self.deltaLimit = max(1, deltaLimit)
    }

    /// Builds the index in one pass and one sort (the start-up path: load every subscriber from the store).
    public init(bulk subscribers: some Sequence<IndexedSubscriber>, deltaLimit: Int = 65_536) throws(UpdateError) {
        self.init(deltaLimit: deltaLimit)
        var entries: [IndexEntry] = []
        entries.reserveCapacity(subscribers.underestimatedCount)
        ordinalsByID.reserveCapacity(subscribers.underestimatedCount)
        for subscriber in subscribers {
            let ordinal = try allocateOrdinal()
            guard ordinalsByID.updateValue(ordinal, forKey: subscriber.id) == nil else { throw .duplicateID(subscriber.id) }
            register(subscriber, at: ordinal)
            Self.appendEntries(of: subscriber, ordinal: ordinal, to: &entries)
        }
        entries.sort { $0.key < $1.key }
        main = entries
    }

    public var subscriberCount: Int { ordinalsByID.count }
    /// Entries physically stored (including stale ones awaiting compaction).
    public var entryCount: Int { main.count + delta.count }

    public func ordinal(of id: SubscriberID) -> SubscriberOrdinal? {
        ordinalsByID[id].map(SubscriberOrdinal.init(rawValue:))
    }

    public func subscriberID(of ordinal: SubscriberOrdinal) -> SubscriberID? {
        let i = Int(ordinal.rawValue)
        return i < ids.count ? ids[i] : nil
    }

    public func contains(_ id: SubscriberID) -> Bool { ordinalsByID[id] != nil }

    /// Adds a subscriber or replaces what the index knows of it; its ordinal stays the same.
    @discardableResult
    public mutating func upsert(_ subscriber: IndexedSubscriber) throws(UpdateError) -> SubscriberOrdinal {
        let ordinal: UInt32
        if let existing = ordinalsByID[subscriber.id] {
            ordinal = existing
            detach(ordinal)
        } else {
            ordinal = try allocateOrdinal()
            ordinalsByID[subscriber.id] = ordinal
        }
        register(subscriber, at: ordinal)
        var entries: [IndexEntry] = []
        Self.appendEntries(of: subscriber, ordinal: ordinal, to: &entries)
        for entry in entries {
            let position = delta.withUnsafeBufferPointer { EntryScan.lowerBound($0, key: entry.key) }
            delta.insert(entry, at: position)
        }
        if !entries.isEmpty { inDelta.insert(ordinal) }
        compactIfNeeded()
        return SubscriberOrdinal(rawValue: ordinal)
    }

    /// Adds or replaces a validated subscriber, mapping its domains through the catalog (`domainBit`).
    @discardableResult
    public mutating func upsert(_ subscriber: Subscriber, domainBit: (DomainID) throws -> Int) throws -> SubscriberOrdinal {
        try upsert(IndexedSubscriber(subscriber, domainBit: domainBit))
    }

    /// Removes a subscriber (e.g. erasure on request); returns whether it was there. Its ordinal is reused.
    @discardableResult
    public mutating func remove(_ id: SubscriberID) -> Bool {
        guard let ordinal = ordinalsByID.removeValue(forKey: id) else { return false }
        detach(ordinal)
        ids[Int(ordinal)] = nil
        optOutBits[Int(ordinal)] = 0
        freeOrdinals.append(ordinal)
        compactIfNeeded()
        return true
    }

    /// Merges `delta` into `main` and drops retired entries: one linear merge of two sorted runs.
    public mutating func compact() {
        guard !delta.isEmpty || !retired.isEmpty else { return }
        let retired = self.retired
        let merged = main.withUnsafeBufferPointer { old in
            delta.withUnsafeBufferPointer { new in
                [IndexEntry](unsafeUninitializedCapacity: old.count + new.count) { out, written in
                    var i = 0, j = 0, n = 0
                    while i < old.count || j < new.count {
                        if j == new.count || (i < old.count && old[i].key <= new[j].key) {
                            let entry = old[i]
                            i += 1
                            if retired.isEmpty || !retired.contains(entry.ordinal) {
                                out.initializeElement(at: n, to: entry)
                                n += 1
                            }
                        } else {
                            out.initializeElement(at: n, to: new[j])
                            n += 1
                            j += 1
                        }
                    }
                    written = n
                }
            }
        }
        main = merged
        delta = []
        self.retired.removeAll()
        inDelta.removeAll()
    }

    private mutating func compactIfNeeded() {
        if delta.count > deltaLimit || retired.count > deltaLimit { compact() }
    }

    private mutating func allocateOrdinal() throws(UpdateError) -> UInt32 {
        if let reused = freeOrdinals.popLast() { return reused }
        guard ids.count <= Int(UInt32.max) else { throw .tooManySubscribers(limit: UInt64(UInt32.max) + 1) }
        let ordinal = UInt32(ids.count)
        ids.append(nil)
        optOutBits.append(0)
        return ordinal
    }

    /// Records the id, opt-outs and followed items of `subscriber` under `ordinal` (`ordinalsByID` is the caller's).
    private mutating func register(_ subscriber: IndexedSubscriber, at ordinal: UInt32) {
        ids[Int(ordinal)] = subscriber.id
        optOutBits[Int(ordinal)] = subscriber.optOuts.reduce(0) { $0 | $1.allKindsBit }
        let items = subscriber.serviceItems.count < 2 ? subscriber.serviceItems : Array(Set(subscriber.serviceItems))
        if !items.isEmpty {
            serviceItemsByOrdinal[ordinal] = items
            for item in items { followers[item, default: []].insert(ordinal) }
        }
    }

    /// Forgets everything indexed under `ordinal`: retires its `main` entries, drops its `delta` entries and
    /// its follower registrations.
    private mutating func detach(_ ordinal: UInt32) {
        retired.insert(ordinal)
        if inDelta.contains(ordinal) {
            delta.removeAll { $0.ordinal == ordinal }
            inDelta.remove(ordinal)
        }
        if let items = serviceItemsByOrdinal.removeValue(forKey: ordinal) {
            for item in items {
                followers[item]?.remove(ordinal)
                if followers[item]?.isEmpty == true { followers[item] = nil }
            }
        }
    }

    /// One entry per distinct region, in ascending region order, with the suppress bits that make the
    /// subscriber come out once per query (see `IndexEntry`).
    static func appendEntries(of subscriber: IndexedSubscriber, ordinal: UInt32, to entries: inout [IndexEntry]) {
        let optOuts = subscriber.optOuts.reduce(UInt64(0)) { bits, kind in
            kind.entryBit.map { bits | 1 << UInt64($0) } ?? bits
        }
        var previous: UInt64?
        let regions = subscriber.regions.count == 1 ? [subscriber.regions[0].value] : Set(subscriber.regions.map(\.value)).sorted()
        for region in regions {
            let shared = previous.map { IndexEntry.sharedLevels(region, $0) } ?? 0
            entries.append(IndexEntry(region: region, ordinal: ordinal, domains: subscriber.domains,
                                      optOutBits: optOuts, sharedLevelsWithPrevious: shared))
            previous = region
        }
    }
}
