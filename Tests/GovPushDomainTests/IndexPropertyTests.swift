import PropertyBased
import Testing
@testable import GovPushDomain

/// The index must answer exactly like a naive filter over every subscriber, whatever the sequence of
/// adds, changes and removals, and whether or not a compaction happened in between.
@Suite struct IndexPropertyTests {
    /// Codes at all five levels, nested and disjoint: 安徽省/芜湖市/南陵县/镇/村, 鄂尔多斯市/鄂托克前旗, 陕西省/新城区.
    static let pool: [RegionCode] = [
        "340000", "340200", "340223", "340223100", "340223100201", "340223100202", "340223101", "340221",
        "341802", "150600", "150623", "150623100", "150623100201", "610000", "610102",
    ].map { try! RegionCode($0) }
    static let items: [ServiceItemID] = ["sx-1", "sx-2", "sx-3"].map { try! ServiceItemID($0) }
    static let people = 12

    /// One change: upsert (or remove) subscriber `who` with the drawn regions, domains, opt-out and item.
    struct Change: Sendable, CustomStringConvertible {
        var remove: Bool
        var who: Int
        var regions: [Int]
        var domains: UInt64
        var optOut: Int
        var item: Int

        var id: SubscriberID { try! SubscriberID("p\(who)") }

        var subscriber: IndexedSubscriber {
            IndexedSubscriber(
                id: id, regions: regions.map { IndexPropertyTests.pool[$0] },
                domains: try! DomainSet(rawValue: domains),
                serviceItems: item < IndexPropertyTests.items.count ? [IndexPropertyTests.items[item]] : [],
                optOuts: optOut < NoticeKind.allCases.count ? [NoticeKind.allCases[optOut]] : []
            )
        }

        var description: String {
            remove ? "remove p\(who)" : "upsert p\(who) \(regions.map { IndexPropertyTests.pool[$0] }) d\(domains) o\(optOut) i\(item)"
        }
    }

    struct Event: Sendable, CustomStringConvertible {
        var shape: Int
        var region: Int
        var domains: UInt64
        var kind: Int
        var who: Int

        var kindValue: NoticeKind { NoticeKind.allCases[kind] }

        var target: MatchTarget {
            let region = IndexPropertyTests.pool[self.region], set = try! DomainSet(rawValue: domains)
            let item = IndexPropertyTests.items[who % IndexPropertyTests.items.count]
            switch shape {
            case 0, 1: return .region(region, domains: set)
            case 2: return .serviceItem(item)
            case 3: return .serviceItemOrRegion(item, region: region, domains: set)
            default: return .applicant(try! SubscriberID("p\(who)"))
            }
        }

        var description: String { "\(target) \(kindValue)" }
    }

    /// Domain bits spread over the whole 48-bit range, so the top bits next to the flag bits are exercised.
    static let domainBits = Gen.uint64(in: 0...63).map { raw -> UInt64 in
        (raw & 0b1111) | (raw & 0b10000) << 30 | (raw & 0b100000) << 42
    }

    static let change = zip(
        Gen.int(in: 0...4), Gen.int(in: 0..<people), Gen.int(in: 0..<pool.count).array(of: 1...3),
        domainBits, Gen.int(in: 0...9), Gen.int(in: 0...4)
    ).map { Change(remove: $0.0 == 0, who: $0.1, regions: $0.2, domains: $0.3, optOut: $0.4, item: $0.5) }

    static let event = zip(
        Gen.int(in: 0...4), Gen.int(in: 0..<pool.count), domainBits, Gen.int(in: 0..<NoticeKind.allCases.count),
        Gen.int(in: 0..<people)
    ).map { Event(shape: $0.0, region: $0.1, domains: $0.2, kind: $0.3, who: $0.4) }

    /// What the index should answer, computed the slow and obvious way.
    static func naive(_ model: [SubscriberID: IndexedSubscriber], _ event: Event) -> [SubscriberID] {
        let kind = event.kindValue
        func byRegion(_ s: IndexedSubscriber, _ region: RegionCode, _ domains: DomainSet) -> Bool {
            s.regions.contains { region.contains($0) } && s.domains.intersects(domains)
        }
        let hits = model.values.filter { s in
            guard !s.optOuts.contains(kind) else { return false }
            switch event.target {
            case .region(let region, let domains): return byRegion(s, region, domains)
            case .serviceItem(let item): return s.serviceItems.contains(item)
            case .serviceItemOrRegion(let item, let region, let domains):
                return s.serviceItems.contains(item) || byRegion(s, region, domains)
            case .applicant(let id): return s.id == id
            }
        }
        return hits.map(\.id).sorted()
    }

    static func check(_ index: SubscriberIndex, _ model: [SubscriberID: IndexedSubscriber], _ events: [Event]) {
        for event in events {
            let found = index.matchingIDs(event.target, kind: event.kindValue)
            #expect(Set(found).count == found.count, "duplicates for \(event): \(found)")
            #expect(found.sorted() == naive(model, event), "for \(event)")
        }
        #expect(index.subscriberCount == model.count)
    }

    @Test func agreesWithANaiveFilterAfterRandomChanges() async {
        await propertyCheck(count: 300, input: Self.change.array(of: 0...10), Self.change.array(of: 0...25),
                            Self.event.array(of: 1...12), Gen.int(in: 1...6)) { initial, changes, events, deltaLimit in
            // Start from a bulk load of the initial upserts (last one per person wins).
            var model: [SubscriberID: IndexedSubscriber] = [:]
            for change in initial where !change.remove { model[change.id] = change.subscriber }
            var index = try! SubscriberIndex(bulk: model.values.sorted { $0.id < $1.id }, deltaLimit: deltaLimit)
            Self.check(index, model, events)

            for change in changes {
                if change.remove {
                    #expect(index.remove(change.id) == (model.removeValue(forKey: change.id) != nil))
                } else {
                    try! index.upsert(change.subscriber)
                    model[change.id] = change.subscriber
                }
                Self.check(index, model, events)
            }
            let snapshot = index
            index.compact()
            Self.check(index, model, events)
            Self.check(snapshot, model, events)
        }
    }

    @Test func returnsEachMultiRegionSubscriberOnceAtEveryLevel() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0..<Self.pool.count).array(of: 1...5)) { regions in
            let subscriber = IndexedSubscriber(id: try! SubscriberID("m"), regions: regions.map { Self.pool[$0] },
                                               domains: try! DomainSet(bits: [7]))
            let index = try! SubscriberIndex(bulk: [subscriber])
            for query in Self.pool {
                let found = index.matches(.region(query, domains: try! DomainSet(bits: [7])), kind: .policy)
                let expected = subscriber.regions.contains { query.contains($0) } ? 1 : 0
                #expect(found.count == expected, "query \(query) regions \(subscriber.regions)")
            }
        }
    }
}
