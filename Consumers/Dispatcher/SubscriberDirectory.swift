import GovPushDomain
import GovPushStore

/// The dispatcher's view of subscribers: the match index plus each subscriber's channel order, loaded
/// from the store and kept current from its change feed (docs/subscriber-sync.md says why the store).
struct SubscriberDirectory {
    private(set) var index = SubscriberIndex()
    /// Channel order by ordinal (ordinals are dense and reused).
    private var plans: [UInt16] = []
    /// The last change applied from the store's feed.
    private(set) var sequence: Int64 = 0
    private let domains: DomainCatalog

    init(domains: DomainCatalog) { self.domains = domains }

    /// Applies every change the store has after `sequence`. A subscriber the index cannot hold (a domain
    /// the catalog lacks) is left out and reported through `skipped`, never stopping dispatch.
    mutating func catchUp(with store: some NotificationStore, pageSize: Int = 10_000,
                          skipped: (SubscriberID, any Error) -> Void = { _, _ in }) async throws -> Int {
        var applied = 0
        while true {
            let changes = try await store.subscriberChanges(after: sequence, limit: pageSize)
            for change in changes {
                if let subscriber = change.subscriber {
                    do { try apply(subscriber) } catch {
                        index.remove(change.subscriberID)
                        skipped(change.subscriberID, error)
                    }
                } else {
                    index.remove(change.subscriberID)
                }
                sequence = change.sequence
            }
            applied += changes.count
            if changes.count < pageSize { return applied }
        }
    }

    mutating func apply(_ subscriber: Subscriber) throws {
        let ordinal = try index.upsert(subscriber) { id in
            guard let domain = domains.domain(id) else { throw EventTargeting.Problem.unknownDomain(id) }
            return domain.bit
        }
        let position = Int(ordinal.rawValue)
        if position >= plans.count { plans.append(contentsOf: repeatElement(0, count: position - plans.count + 1)) }
        plans[position] = ChannelPlan(subscriber.channelOrder).packed
    }

    func plan(_ ordinal: SubscriberOrdinal) -> ChannelPlan { ChannelPlan(packed: plans[Int(ordinal.rawValue)]) }
}
