/// What the subscriber index needs to know of a subscriber: its id, region codes, domain bits, followed
/// service items and opt-outs. Addresses stay in the store; the index only answers "who".
public struct IndexedSubscriber: Hashable, Sendable {
    public var id: SubscriberID
    public var regions: [RegionCode]
    public var domains: DomainSet
    public var serviceItems: [ServiceItemID]
    public var optOuts: Set<NoticeKind>

    public init(id: SubscriberID, regions: [RegionCode], domains: DomainSet,
                serviceItems: [ServiceItemID] = [], optOuts: Set<NoticeKind> = []) {
        self.id = id
        self.regions = regions
        self.domains = domains
        self.serviceItems = serviceItems
        self.optOuts = optOuts
    }

    /// Projects a validated subscriber, mapping each domain to its bit through the catalog
    /// (`domainBit`, e.g. `{ try catalog.bit(of: $0) }`). Throws the catalog's error, or
    /// `DomainSet.CapacityError` for a bit beyond `DomainSet.capacity`.
    public init(_ subscriber: Subscriber, domainBit: (DomainID) throws -> Int) throws {
        var domains = DomainSet()
        for domain in subscriber.domains { try domains.insert(domainBit(domain)) }
        self.init(id: subscriber.id, regions: subscriber.regions.map(\.code), domains: domains,
                  serviceItems: subscriber.serviceItems, optOuts: subscriber.optOuts)
    }
}
