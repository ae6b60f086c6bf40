extension SubscriberIndex {
    /// Streams the subscribers `target` reaches that accept notices of `kind`, in batches of at most
    /// `EntryScan.blockSize` ordinals, each subscriber exactly once. The batch buffer is reused: copy what
    /// must outlive the call. Nothing is allocated per match, so a province-wide fan-out of millions needs
    /// no large array.
    public func forEachMatchBatch(
        _ target: MatchTarget, kind: NoticeKind,
        _ body: (UnsafeBufferPointer<SubscriberOrdinal>) throws -> Void
    ) rethrows {
        try withUnsafeTemporaryAllocation(of: SubscriberOrdinal.self, capacity: EntryScan.blockSize) { scratch in
            let buffer = scratch.baseAddress!
            switch target {
            case .region(let region, let domains):
                try scanRegion(region, domains: domains, kind: kind, excluding: nil, buffer: buffer, body)
            case .serviceItem(let item):
                try emitFollowers(of: item, kind: kind, buffer: buffer, body)
            case .serviceItemOrRegion(let item, let region, let domains):
                try emitFollowers(of: item, kind: kind, buffer: buffer, body)
                try scanRegion(region, domains: domains, kind: kind, excluding: followers[item], buffer: buffer, body)
            case .applicant(let id):
                guard let ordinal = ordinalsByID[id], accepts(ordinal, kind) else { return }
                buffer[0] = SubscriberOrdinal(rawValue: ordinal)
                try body(UnsafeBufferPointer(start: buffer, count: 1))
            }
        }
    }

    /// One subscriber at a time; see `forEachMatchBatch` for the batched form.
    public func forEachMatch(_ target: MatchTarget, kind: NoticeKind, _ body: (SubscriberOrdinal) throws -> Void) rethrows {
        try forEachMatchBatch(target, kind: kind) { batch in
            for ordinal in batch { try body(ordinal) }
        }
    }

    /// All matches in one array: convenient for small targets and tests; prefer the streaming forms.
    public func matches(_ target: MatchTarget, kind: NoticeKind) -> [SubscriberOrdinal] {
        var result: [SubscriberOrdinal] = []
        forEachMatchBatch(target, kind: kind) { result.append(contentsOf: $0) }
        return result
    }

    /// Matching subscribers' ids (tests, diagnostics).
    public func matchingIDs(_ target: MatchTarget, kind: NoticeKind) -> [SubscriberID] {
        matches(target, kind: kind).compactMap { subscriberID(of: $0) }
    }

    /// Entries stored for regions in `region`'s subtree (the work a region match scans).
    public func entryCount(in region: RegionCode) -> Int {
        let subtree = region.subtree
        return main.withUnsafeBufferPointer { EntryScan.positions($0, subtree: subtree).count }
            + delta.withUnsafeBufferPointer { EntryScan.positions($0, subtree: subtree).count }
    }

    /// Reads every byte of the entries in `region`'s subtree and sums them: the physical floor a region
    /// match is compared with (`govpush bench match`, plain_read_ns_per_entry). Not a matching operation.
    public func sequentialReadChecksum(in region: RegionCode) -> UInt64 {
        let subtree = region.subtree
        func sum(_ run: [IndexEntry]) -> UInt64 {
            run.withUnsafeBufferPointer { entries in
                let range = EntryScan.positions(entries, subtree: subtree)
                guard let base = entries.baseAddress else { return 0 }
                var a: UInt64 = 0, b: UInt64 = 0
                for i in range {
                    a &+= base[i].key
                    b &+= base[i].tail
                }
                return a &+ b
            }
        }
        return sum(main) &+ sum(delta)
    }

    // MARK: - Paths

    private func accepts(_ ordinal: UInt32, _ kind: NoticeKind) -> Bool {
        optOutBits[Int(ordinal)] & kind.allKindsBit == 0
    }

    private func emitFollowers(
        of item: ServiceItemID, kind: NoticeKind, buffer: UnsafeMutablePointer<SubscriberOrdinal>,
        _ body: (UnsafeBufferPointer<SubscriberOrdinal>) throws -> Void
    ) rethrows {
        guard let set = followers[item] else { return }
        var n = 0
        for ordinal in set where accepts(ordinal, kind) {
            buffer[n] = SubscriberOrdinal(rawValue: ordinal)
            n += 1
            if n == EntryScan.blockSize {
                try body(UnsafeBufferPointer(start: buffer, count: n))
                n = 0
            }
        }
        if n > 0 { try body(UnsafeBufferPointer(start: buffer, count: n)) }
    }

    /// Scans `main` then `delta` over the subtree. Stale `main` entries, opt-outs the entry cannot encode
    /// (service progress) and `excluding` are filtered per batch, only among entries that already matched.
    private func scanRegion(
        _ region: RegionCode, domains: DomainSet, kind: NoticeKind, excluding: Set<UInt32>?,
        buffer: UnsafeMutablePointer<SubscriberOrdinal>,
        _ body: (UnsafeBufferPointer<SubscriberOrdinal>) throws -> Void
    ) rethrows {
        guard !domains.isEmpty else { return }
        let subtree = region.subtree
        let domainMask = domains.rawValue
        let rejectMask = IndexEntry.rejectMask(level: region.level, kind: kind)
        let checkKind = kind.entryBit == nil
        for (run, isMain) in [(main, true), (delta, false)] {
            let checkRetired = isMain && !retired.isEmpty
            let filtering = checkRetired || checkKind || excluding != nil
            try run.withUnsafeBufferPointer { entries in
                let range = EntryScan.positions(entries, subtree: subtree)
                try EntryScan.run(entries, from: range.lowerBound, to: range.upperBound,
                                  domainMask: domainMask, rejectMask: rejectMask, buffer: buffer) { found in
                    var n = found
                    if filtering {
                        n = 0
                        for i in 0..<found {
                            let ordinal = buffer[i].rawValue
                            if checkRetired && retired.contains(ordinal) { continue }
                            if checkKind && !accepts(ordinal, kind) { continue }
                            if let excluding, excluding.contains(ordinal) { continue }
                            buffer[n] = buffer[i]
                            n += 1
                        }
                    }
                    if n > 0 { try body(UnsafeBufferPointer(start: buffer, count: n)) }
                }
            }
        }
    }
}
