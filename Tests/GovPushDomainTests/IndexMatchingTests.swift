import Testing
@testable import GovPushDomain

@Suite struct IndexMatchingTests {
    static func code(_ text: String) -> RegionCode { try! RegionCode(text) }
    static func id(_ text: String) -> SubscriberID { try! SubscriberID(text) }
    static func item(_ text: String) -> ServiceItemID { try! ServiceItemID(text) }
    static func domains(_ bits: Int...) -> DomainSet { try! DomainSet(bits: bits) }

    static func subscriber(_ name: String, _ regions: [String], _ bits: [Int], items: [String] = [],
                           optOuts: Set<NoticeKind> = []) -> IndexedSubscriber {
        IndexedSubscriber(id: id(name), regions: regions.map(code), domains: try! DomainSet(bits: bits),
                          serviceItems: items.map(item), optOuts: optOuts)
    }

    static func ids(_ index: SubscriberIndex, _ target: MatchTarget, _ kind: NoticeKind = .policy) -> [String] {
        index.matchingIDs(target, kind: kind).map(\.rawValue).sorted()
    }

    @Test func matchesASubtreeWithADomainTest() throws {
        let index = try SubscriberIndex(bulk: [
            Self.subscriber("village", ["340223100201"], [1]),
            Self.subscriber("township", ["340223100"], [1, 2]),
            Self.subscriber("county", ["340223"], [2]),
            Self.subscriber("other-county", ["340221"], [1]),
            Self.subscriber("ordos", ["150623"], [1]),
        ])
        #expect(Self.ids(index, .region(Self.code("340223"), domains: Self.domains(1))) == ["township", "village"])
        #expect(Self.ids(index, .region(Self.code("340000"), domains: Self.domains(1, 2))) == ["county", "other-county", "township", "village"])
        // A village notice reaches only that village; a township notice does not reach the county-level subscriber.
        #expect(Self.ids(index, .region(Self.code("340223100201"), domains: Self.domains(1))) == ["village"])
        #expect(Self.ids(index, .region(Self.code("340223100"), domains: Self.domains(2))) == ["township"])
        #expect(Self.ids(index, .region(Self.code("150600"), domains: Self.domains(1))) == ["ordos"])
        #expect(Self.ids(index, .region(Self.code("610000"), domains: Self.domains(1))) == [])
        #expect(Self.ids(index, .region(Self.code("340223"), domains: .empty)) == [])
    }

    @Test func returnsAMultiRegionSubscriberOnce() throws {
        var index = try SubscriberIndex(bulk: [
            Self.subscriber("two-villages", ["340223100201", "340223100202"], [3]),
            Self.subscriber("village-and-county", ["340223100201", "340223"], [3]),
            Self.subscriber("two-provinces", ["340223", "150623"], [3]),
            Self.subscriber("same-code-twice", ["340223", "340223"], [3]),
        ])
        for text in ["340000", "340200", "340223", "340223100", "340223100201", "150000", "150623"] {
            let found = index.matchingIDs(.region(Self.code(text), domains: Self.domains(3)), kind: .policy)
            #expect(Set(found).count == found.count, "duplicates for \(text): \(found)")
        }
        #expect(Self.ids(index, .region(Self.code("340223"), domains: Self.domains(3)))
                == ["same-code-twice", "two-provinces", "two-villages", "village-and-county"])
        #expect(Self.ids(index, .region(Self.code("340223100"), domains: Self.domains(3))) == ["two-villages", "village-and-county"])
        #expect(Self.ids(index, .region(Self.code("150623"), domains: Self.domains(3))) == ["two-provinces"])
        // The same holds for subscribers added later, through the delta run.
        index.deltaLimit = 1_000
        try index.upsert(Self.subscriber("late", ["340223100202", "340223100201", "340223"], [3]))
        #expect(Self.ids(index, .region(Self.code("340200"), domains: Self.domains(3)))
                == ["late", "same-code-twice", "two-provinces", "two-villages", "village-and-county"])
    }

    @Test func removesAndChangesWithoutARebuild() throws {
        var index = try SubscriberIndex(bulk: [
            Self.subscriber("a", ["340223100201"], [1]),
            Self.subscriber("b", ["340223"], [1]),
        ], deltaLimit: 100)
        let before = index.ordinal(of: Self.id("a"))
        let removed = index.remove(Self.id("b")), removedAgain = index.remove(Self.id("b"))
        #expect(removed && !removedAgain)
        #expect(Self.ids(index, .region(Self.code("340223"), domains: Self.domains(1))) == ["a"])
        try index.upsert(Self.subscriber("a", ["150623"], [1]))  // moved to Ordos
        #expect(index.ordinal(of: Self.id("a")) == before)
        #expect(Self.ids(index, .region(Self.code("340223"), domains: Self.domains(1))) == [])
        #expect(Self.ids(index, .region(Self.code("150600"), domains: Self.domains(1))) == ["a"])
        try index.upsert(Self.subscriber("c", ["340223"], [1]))  // reuses b's ordinal
        #expect(Self.ids(index, .region(Self.code("340223"), domains: Self.domains(1))) == ["c"])
        index.compact()
        #expect(index.entryCount == 2 && index.subscriberCount == 2)
        #expect(Self.ids(index, .region(Self.code("340000"), domains: Self.domains(1))) == ["c"])
        #expect(index.subscriberID(of: index.ordinal(of: Self.id("c"))!) == Self.id("c"))
    }

    @Test func honoursOptOuts() throws {
        let index = try SubscriberIndex(bulk: [
            Self.subscriber("all", ["340223"], [1]),
            Self.subscriber("no-policy", ["340223"], [1], optOuts: [.policy]),
            Self.subscriber("no-progress", ["340223"], [1], optOuts: [.serviceProgress]),
        ])
        let target = MatchTarget.region(Self.code("340223"), domains: Self.domains(1))
        #expect(Self.ids(index, target, .policy) == ["all", "no-progress"])
        #expect(Self.ids(index, target, .interpretation) == ["all", "no-policy", "no-progress"])
        #expect(Self.ids(index, target, .serviceProgress) == ["all", "no-policy"])
        #expect(Self.ids(index, .applicant(Self.id("no-progress")), .serviceProgress) == [])
        #expect(Self.ids(index, .applicant(Self.id("no-policy")), .serviceProgress) == ["no-policy"])
    }

    @Test func findsServiceItemFollowersAndApplicants() throws {
        var index = try SubscriberIndex(bulk: [
            Self.subscriber("follower", ["610102"], [], items: ["sx-001", "sx-002"]),
            Self.subscriber("neighbour", ["610102"], [5]),
            Self.subscriber("both", ["610102"], [5], items: ["sx-001"]),
        ])
        #expect(Self.ids(index, .serviceItem(Self.item("sx-001")), .serviceGuide) == ["both", "follower"])
        #expect(Self.ids(index, .serviceItem(Self.item("sx-404")), .serviceGuide) == [])
        // Followers or domain+region, each once.
        let guide = MatchTarget.serviceItemOrRegion(Self.item("sx-001"), region: Self.code("610000"), domains: Self.domains(5))
        let found = index.matchingIDs(guide, kind: .serviceGuide)
        #expect(found.map(\.rawValue).sorted() == ["both", "follower", "neighbour"] && found.count == 3)
        #expect(Self.ids(index, .applicant(Self.id("neighbour")), .serviceProgress) == ["neighbour"])
        #expect(Self.ids(index, .applicant(Self.id("nobody")), .serviceProgress) == [])
        // Unfollowing and removal update the follower map.
        try index.upsert(Self.subscriber("follower", ["610102"], [], items: ["sx-002"]))
        #expect(Self.ids(index, .serviceItem(Self.item("sx-001")), .serviceGuide) == ["both"])
        index.remove(Self.id("both"))
        #expect(Self.ids(index, .serviceItem(Self.item("sx-001")), .serviceGuide) == [])
        #expect(Self.ids(index, .applicant(Self.id("both")), .serviceProgress) == [])
    }

    @Test func streamsLargeMatchesInBoundedBatches() throws {
        let many = (0..<5_000).map { Self.subscriber("s\($0)", ["340223100201"], [0]) }
        let index = try SubscriberIndex(bulk: many)
        var total = 0, largest = 0
        index.forEachMatchBatch(.region(Self.code("340000"), domains: Self.domains(0)), kind: .policy) { batch in
            total += batch.count
            largest = max(largest, batch.count)
        }
        #expect(total == 5_000 && largest <= EntryScan.blockSize)
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try index.forEachMatch(.region(Self.code("340000"), domains: Self.domains(0)), kind: .policy) { _ in
                seen += 1
                if seen == 10 { throw Stop() }
            }
        }
        #expect(seen == 10)
    }

    @Test func refusesDuplicateIDsInABulkLoad() {
        #expect(throws: SubscriberIndex.UpdateError.duplicateID(Self.id("a"))) {
            try SubscriberIndex(bulk: [Self.subscriber("a", ["340223"], [1]), Self.subscriber("a", ["340221"], [1])])
        }
    }

    @Test func projectsValidatedSubscribersThroughACatalogMapping() throws {
        let subscriber = try Subscriber(id: Self.id("wst-1"), regions: [SubscribedRegion(Self.code("340223"), role: .home)],
                                        domains: [DomainID("employment"), DomainID("social-assistance")],
                                        channels: [.sms(PhoneNumber("13812341234"))])
        let bits = ["employment": 20, "social-assistance": 17]
        var index = SubscriberIndex()
        try index.upsert(subscriber) { bits[$0.rawValue]! }
        #expect(Self.ids(index, .region(Self.code("340200"), domains: Self.domains(17))) == ["wst-1"])
        #expect(throws: DomainSet.CapacityError(bit: 60)) { try index.upsert(subscriber) { _ in 60 } }
    }

    @Test func packsEntriesIntoSixteenBytes() {
        #expect(SubscriberIndex.bytesPerEntry == 16)
        let entry = IndexEntry(region: 999_999_999_999, ordinal: .max, domains: DomainSet(uncheckedRawValue: DomainSet.validBits),
                               optOutBits: 0xF, sharedLevelsWithPrevious: 4)
        #expect(entry.region == 999_999_999_999 && entry.ordinal == .max)
    }
}
