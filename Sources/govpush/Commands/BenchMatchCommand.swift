import ArgumentParser
import Foundation
import GovPushDomain

/// `govpush bench match`: builds a `SubscriberIndex` of N synthetic subscribers over real county-level
/// codes and times province-, prefecture- and county-level events with a domain test against (a) a plain
/// sequential read of the same entry bytes — the physical limit — and (b) a naive filter over every
/// subscriber. Human-readable lines go to stderr; the last stdout line is one JSON object.
///
/// Definitions (all in one run, each figure the best of several repetitions):
/// - `ns_per_entry`: index match time / entries in the queried subtrees, summed over the three levels.
/// - `plain_read_ns_per_entry`: time to sum every byte of those same entries / the same entry count.
/// - `ratio_vs_plain_read` = plain_read_ns_per_entry / ns_per_entry (1.0 = as fast as reading the bytes),
///   entry-weighted over the three events, so the province scan (out of cache at 10 M) weighs most; the
///   per-level ratios (`ratio_vs_plain_read_by_level`) show the in-cache county and prefecture scans too,
///   where the plain read is a vectorised sum and the scan is bound by its ~6 instructions per entry.
/// - `ratio_vs_naive` = naive time / index time for the same county-level event (the common case: a
///   county government's notice), where "naive" evaluates every subscriber's regions and domains in a flat
///   array (24 bytes per subscriber, no pointer chasing). Per-level ratios are in `ratio_vs_naive_by_level`;
///   a province covering ~half the synthetic counties cannot beat a full pass by much.
/// - Updates (one run each, not best-of): after the published snapshot is taken, the writer's copy applies
///   10,000 upserts (subscribers moving region) twice and 10,000 removals in two halves; `first_batch_*`
///   includes the copy-on-write of the chunks and shards touched first, `upsert_us`/`remove_us` are the
///   steady state; `compact_ms` is the merge of the delta and the retired entries into a new main run.
struct BenchMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Time subscriber-index region matching against a plain read and a naive filter."
    )

    @Option(help: "Number of synthetic subscribers.")
    var subscribers: Int = 1_000_000

    @Option(help: "Seed for the synthetic data.")
    var seed: UInt64 = 2026

    @Option(help: "Minimum measuring time per query and method, in milliseconds.")
    var minMillis: Int = 300

    func run() async throws {
        guard subscribers > 0 else { throw ValidationError("--subscribers must be positive") }
        let population = SyntheticPopulation(seed: seed)
        let clock = ContinuousClock()

        note("building index of \(subscribers) subscribers over \(SyntheticPopulation.counties.count) counties (seed \(seed))…")
        let buildStart = clock.now
        let index = try SubscriberIndex(bulk: (0..<subscribers).lazy.map { population.subscriber($0) })
        let buildSeconds = (clock.now - buildStart).seconds
        note("  built in \(format(buildSeconds)) s: \(index.entryCount) entries × \(SubscriberIndex.bytesPerEntry) B")

        // The naive baseline: every subscriber's regions and domains, flat.
        var naive: [NaiveSubscriber] = []
        naive.reserveCapacity(subscribers)
        for i in 0..<subscribers { naive.append(NaiveSubscriber(population.subscriber(i))) }

        let domains = try DomainSet(bits: [3, 7])
        let events: [(level: String, region: RegionCode)] = [
            ("province", try RegionCode("340000")),
            ("prefecture", try RegionCode("340200")),
            ("county", try RegionCode("340223")),
        ]
        let minimum = Duration.milliseconds(minMillis)

        var totalEntries = 0
        var totalIndexNs = 0.0, totalPlainNs = 0.0
        var matchedByLevel: [String: Int] = [:], ratioNaiveByLevel: [String: Double] = [:]
        var ratioPlainByLevel: [String: Double] = [:], nsPerEntryByLevel: [String: Double] = [:]
        var countyNaiveRatio = 0.0
        var sink: UInt64 = 0

        for event in events {
            let entries = index.entryCount(in: event.region)
            var matched = 0
            let indexNs = best(minimum, clock) {
                var count = 0, mix: UInt32 = 0
                index.forEachMatchBatch(.region(event.region, domains: domains), kind: .policy) { batch in
                    count &+= batch.count
                    for ordinal in batch { mix ^= ordinal.rawValue }
                }
                matched = count
                sink &+= UInt64(mix)
            }
            let plainNs = best(minimum, clock) { sink &+= index.sequentialReadChecksum(in: event.region) }
            var naiveMatched = 0
            let subtree = event.region.subtree
            let naiveNs = best(minimum, clock) {
                var count = 0, mix: UInt32 = 0
                naive.withUnsafeBufferPointer { all in
                    for (i, s) in all.enumerated() where s.matches(subtree, domains.rawValue, optOut: NaiveSubscriber.policyOptOut) {
                        count &+= 1
                        mix ^= UInt32(truncatingIfNeeded: i)
                    }
                }
                naiveMatched = count
                sink &+= UInt64(mix)
            }
            guard naiveMatched == matched else {
                throw ValidationError("index found \(matched) subscribers for \(event.region) but the naive filter found \(naiveMatched)")
            }
            totalEntries += entries
            totalIndexNs += indexNs
            totalPlainNs += plainNs
            matchedByLevel[event.level] = matched
            ratioNaiveByLevel[event.level] = naiveNs / indexNs
            ratioPlainByLevel[event.level] = plainNs / indexNs
            nsPerEntryByLevel[event.level] = indexNs / Double(max(entries, 1))
            if event.level == "county" { countyNaiveRatio = naiveNs / indexNs }
            note("  \(event.level) \(event.region): \(entries) entries, \(matched) matched; index \(format(indexNs / 1e6)) ms "
                + "(\(format(indexNs / Double(max(entries, 1)))) ns/entry), plain read \(format(plainNs / 1e6)) ms, "
                + "naive \(format(naiveNs / 1e6)) ms (\(format(naiveNs / Double(subscribers))) ns/subscriber) → ×\(format(naiveNs / indexNs)) vs naive")
        }

        // Incremental updates on the dispatcher's private copy while `index` stays the published snapshot.
        var writer = index
        let updates = min(10_000, subscribers)
        func moved(_ k: Int) -> IndexedSubscriber {
            var s = population.subscriber(k &* 7919 % subscribers)
            s.regions = population.subscriber(subscribers &+ k).regions
            return s
        }
        let firstUpdateNs = (try clock.measure { try writer.upsert(moved(0)) }).seconds * 1e9
        // The first batch after a snapshot also pays the copy-on-write of the chunks and shards it touches;
        // the second batch shows the steady state.
        let firstBatchNs = (try clock.measure { for k in 1..<updates { try writer.upsert(moved(k)) } }).seconds * 1e9
            / Double(max(updates - 1, 1))
        let upsertNs = (try clock.measure { for k in 0..<updates { try writer.upsert(moved(updates &+ k)) } }).seconds * 1e9
            / Double(updates)
        var removed = 0
        func removeBatch(_ range: Range<Int>) -> Double {
            (clock.measure {
                for k in range where writer.remove(try! SubscriberID("s\(k &* 104_729 % subscribers)")) { removed += 1 }
            }).seconds * 1e9 / Double(max(range.count, 1))
        }
        // As for upserts: the first removals also copy the id-map shards they touch, then steady state.
        let firstBatchRemoveNs = removeBatch(0..<updates / 2)
        let removeNs = removeBatch(updates / 2..<updates)
        let deltaEntries = writer.entryCount - index.entryCount
        let compactNs = (clock.measure { writer.compact() }).seconds * 1e9
        guard writer.subscriberCount == subscribers - removed, index.subscriberCount == subscribers else {
            throw ValidationError("update bookkeeping is off: \(writer.subscriberCount) after \(removed) removals")
        }
        note("updates: first after snapshot \(format(firstUpdateNs / 1e6)) ms, first batch \(format(firstBatchNs / 1e3)) µs each, upsert \(format(upsertNs / 1e3)) µs, "
            + "remove first batch \(format(firstBatchRemoveNs / 1e3)) µs, then \(format(removeNs / 1e3)) µs (\(updates) each, \(deltaEntries) delta entries); compact \(format(compactNs / 1e6)) ms")

        let nsPerEntry = totalIndexNs / Double(max(totalEntries, 1))
        let plainPerEntry = totalPlainNs / Double(max(totalEntries, 1))
        let ratioPlain = plainPerEntry / nsPerEntry
        note("ns/entry \(format(nsPerEntry)), plain read \(format(plainPerEntry)) → ratio_vs_plain_read \(format(ratioPlain)); "
            + "ratio_vs_naive (county) \(format(countyNaiveRatio)); \(SubscriberIndex.bytesPerEntry) B/entry (checksum \(sink & 0xFF))")

        let json: [String: Any] = [
            "bench": "match",
            "subscribers": subscribers,
            "seed": seed,
            "entries": index.entryCount,
            "bytes_per_entry": SubscriberIndex.bytesPerEntry,
            "build_seconds": rounded(buildSeconds),
            "scanned_entries": totalEntries,
            "first_update_after_snapshot_ms": rounded(firstUpdateNs / 1e6),
            "upsert_us": rounded(upsertNs / 1e3),
            "first_batch_upsert_us": rounded(firstBatchNs / 1e3),
            "remove_us": rounded(removeNs / 1e3),
            "first_batch_remove_us": rounded(firstBatchRemoveNs / 1e3),
            "compact_ms": rounded(compactNs / 1e6),
            "ns_per_entry": rounded(nsPerEntry),
            "plain_read_ns_per_entry": rounded(plainPerEntry),
            "ratio_vs_plain_read": rounded(ratioPlain),
            "ratio_vs_naive": rounded(countyNaiveRatio),
            "ratio_vs_naive_by_level": ratioNaiveByLevel.mapValues { rounded($0) },
            "ratio_vs_plain_read_by_level": ratioPlainByLevel.mapValues { rounded($0) },
            "ns_per_entry_by_level": nsPerEntryByLevel.mapValues { rounded($0) },
            "matched": matchedByLevel,
        ]
        try printBenchReport(json)
    }

    /// The best (smallest) time of `work`, in ns, repeated for at least `minimum` and at least 3 times.
    private func best(_ minimum: Duration, _ clock: ContinuousClock, _ work: () -> Void) -> Double {
        var bestNs = Double.infinity, spent = Duration.zero, runs = 0
        while spent < minimum || runs < 3 {
            let elapsed = clock.measure(work)
            bestNs = min(bestNs, elapsed.seconds * 1e9)
            spent += elapsed
            runs += 1
        }
        return bestNs
    }

    private func format(_ x: Double) -> String { String(format: "%.3f", x) }
}

/// Deterministic synthetic subscribers: subscriber i depends only on (seed, i), so the index and the naive
/// baseline see the same population without keeping it in memory twice.
private struct SyntheticPopulation: Sendable {
    let seed: UInt64

    /// Real GB/T 2260 county-level codes (Anhui: Hefei, Wuhu, Bengbu, Huainan, Ma'anshan, Anqing, Huangshan,
    /// Xuancheng; Inner Mongolia: Hohhot, Baotou, Ordos; Shaanxi: Xi'an, Baoji, Xianyang) — synthetic-data
    /// input only; the region catalog is the authority on codes.
    static let counties: [UInt64] = [
        340102, 340103, 340104, 340111, 340121, 340122, 340123, 340124, 340181,
        340202, 340207, 340209, 340210, 340212, 340223, 340281,
        340302, 340303, 340304, 340311, 340321, 340322, 340323,
        340402, 340403, 340404, 340405, 340406, 340421, 340422,
        340503, 340504, 340506, 340521, 340522, 340523,
        340802, 340803, 340811, 340822, 340825, 340826, 340827, 340828, 340881, 340882,
        341002, 341003, 341004, 341021, 341022, 341023, 341024,
        341802, 341821, 341823, 341824, 341825, 341881, 341882,
        150102, 150103, 150104, 150105, 150121, 150122, 150123, 150124, 150125,
        150202, 150203, 150204, 150205, 150206, 150207, 150221, 150222,
        150602, 150603, 150621, 150622, 150623, 150624, 150625, 150626, 150627,
        610102, 610103, 610104, 610111, 610112, 610113, 610114, 610115, 610116, 610117, 610118, 610122, 610124,
        610302, 610303, 610304, 610305, 610323, 610324, 610326, 610327, 610328, 610329, 610330, 610331,
        610402, 610403, 610404, 610422, 610423, 610424, 610425, 610426, 610428, 610429, 610430, 610431, 610481, 610482,
    ]

    /// SplitMix64: a tiny, good, stateless-per-subscriber generator.
    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A county, township (e.g. 340223100) or village (e.g. 340223100201) code under a listed county.
    private func region(_ g: inout Generator, county: UInt64) -> RegionCode {
        let base = county * 1_000_000
        switch g.next() % 10 {
        case 0..<3: return RegionCode(uncheckedValue: base)
        case 3..<7: return RegionCode(uncheckedValue: base + (100 + g.next() % 16) * 1_000)
        default: return RegionCode(uncheckedValue: base + (100 + g.next() % 16) * 1_000 + 201 + g.next() % 20)
        }
    }

    func subscriber(_ i: Int) -> IndexedSubscriber {
        var g = Generator(state: seed ^ (UInt64(i) &* 0xD1B5_4A32_D192_ED03))
        let counties = Self.counties
        let home = counties[Int(g.next() % UInt64(counties.count))]
        var regions = [region(&g, county: home)]
        if g.next() % 4 == 0 {  // a quarter also work somewhere: half in their home county
            let work = g.next() % 2 == 0 ? home : counties[Int(g.next() % UInt64(counties.count))]
            regions.append(region(&g, county: work))
        }
        var bits: UInt64 = 0
        for _ in 0...(g.next() % 3) { bits |= 1 << (g.next() % 26) }
        let optOuts: Set<NoticeKind> = g.next() % 20 == 0 ? [.policy] : []
        return IndexedSubscriber(id: try! SubscriberID("s\(i)"), regions: regions,
                                 domains: try! DomainSet(rawValue: bits), optOuts: optOuts)
    }
}

/// One subscriber as a naive system would hold it: up to two region codes, the domain bits, opt-outs.
private struct NaiveSubscriber {
    var first: UInt64
    var second: UInt64  // 0 when there is none
    var domains: UInt64
    var optOuts: UInt64

    static let policyOptOut: UInt64 = 1

    init(_ s: IndexedSubscriber) {
        first = s.regions[0].value
        second = s.regions.count > 1 ? s.regions[1].value : 0
        domains = s.domains.rawValue
        optOuts = s.optOuts.contains(.policy) ? Self.policyOptOut : 0
    }

    @inline(__always)
    func matches(_ subtree: ClosedRange<UInt64>, _ wanted: UInt64, optOut: UInt64) -> Bool {
        domains & wanted != 0 && optOuts & optOut == 0 && (subtree.contains(first) || subtree.contains(second))
    }
}
