/// Who an event reaches among subscribers (DOMAIN.md "Event kinds", "who is targeted"), and as which
/// notice kind, so opt-outs apply.
///
/// Public-opinion incidents reach ops staff on duty, not subscribers: they have no subscriber target and
/// are the window tracker's business.
public struct EventTargeting: Sendable {
    public struct Targeting: Sendable, Equatable {
        public let target: MatchTarget
        public let kind: NoticeKind
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// A domain without an index bit (the catalog changed under a running dispatcher).
        case unknownDomain(DomainID)
        /// An id the event contract accepts but the subscriber model cannot hold.
        case invalidIdentifier(String)

        public var description: String {
            switch self {
            case .unknownDomain(let id): "domain \(id) is not in the domain catalog"
            case .invalidIdentifier(let reason): reason
            }
        }
    }

    private let domains: DomainCatalog

    public init(domains: DomainCatalog) { self.domains = domains }

    /// The subscribers to notify and the notice kind, or nil when the event targets no subscriber.
    public func targeting(_ event: GovEvent) throws(Problem) -> Targeting? {
        switch event {
        case .policyPublished(let policy):
            return Targeting(target: .region(policy.region, domains: try domainSet(policy.domains)), kind: .policy)
        case .policyInterpretationPublished(let interpretation):
            return Targeting(target: .region(interpretation.region, domains: try domainSet(interpretation.domains)), kind: .interpretation)
        case .serviceGuideChanged(let change):
            // Followers of the item, and residents of the region who follow one of its domains (seed 001 task 5).
            let item: ServiceItemID
            do { item = try ServiceItemID(change.serviceItemID) } catch { throw .invalidIdentifier("service item id: \(error.reason)") }
            return Targeting(target: .serviceItemOrRegion(item, region: change.region, domains: try domainSet(change.domains)), kind: .serviceGuide)
        case .incidentResponded(let response):
            return Targeting(target: .region(response.region, domains: try domainSet(response.domains)), kind: .incidentResponse)
        case .serviceProgress(let progress):
            // 一次告知 to exactly the applicant (seed 000 task 10).
            do { return Targeting(target: .applicant(try SubscriberID(progress.applicantID)), kind: .serviceProgress) } catch {
                throw .invalidIdentifier("applicant id: \(error.reason)")
            }
        case .incidentReported:
            return nil
        }
    }

    private func domainSet(_ ids: [DomainID]) throws(Problem) -> DomainSet {
        var bits: [Int] = []
        for id in ids {
            guard let domain = domains.domain(id) else { throw .unknownDomain(id) }
            bits.append(domain.bit)
        }
        do { return try DomainSet(bits: bits) } catch { throw .unknownDomain(ids.first!) }
    }
}
