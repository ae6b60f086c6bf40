/// Who an event is addressed to (DOMAIN.md "Event kinds", "who is targeted").
public enum MatchTarget: Hashable, Sendable, CustomStringConvertible {
    /// Subscribers with a region in `region`'s subtree and a domain in `domains` (policy, interpretation,
    /// incident response).
    case region(RegionCode, domains: DomainSet)
    /// Followers of a service item.
    case serviceItem(ServiceItemID)
    /// A service-guide change: followers of the item, or subscribers of its domain+region; each once.
    case serviceItemOrRegion(ServiceItemID, region: RegionCode, domains: DomainSet)
    /// Exactly one named applicant (service progress, 办件进度).
    case applicant(SubscriberID)

    public var description: String {
        switch self {
        case .region(let code, let domains): "region \(code) domains \(domains)"
        case .serviceItem(let item): "followers of \(item)"
        case .serviceItemOrRegion(let item, let code, let domains): "followers of \(item) or region \(code) domains \(domains)"
        case .applicant(let id): "applicant \(id)"
        }
    }
}
