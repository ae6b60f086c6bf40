import Foundation
import Testing
@testable import GovPushDomain

/// Who each event kind reaches (DOMAIN.md "Event kinds").
@Suite struct EventTargetingTests {
    let catalogs = try! ReferenceCatalogs.bundled()

    func event(_ example: String) throws -> GovEvent {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/schemas/examples/\(example).json")
        let bytes = Array(try Data(contentsOf: url))
        return try ReceivedEvent(kafkaRecord: KafkaRecordView(key: nil, value: bytes, headers: []), reference: catalogs).event
    }

    @Test func policiesReachTheIssuingRegionsSubtreeByDomain() throws {
        let targeting = try #require(try EventTargeting(domains: catalogs.domains).targeting(try event("policy-published-wuhu")))
        #expect(targeting.kind == .policy)
        guard case .region(let region, let domains) = targeting.target else { Issue.record("\(targeting)"); return }
        #expect(region == (try RegionCode("340200")))
        let socialAssistance = try #require(catalogs.domains.domain(try DomainID("social-assistance")))
        #expect(domains.contains(socialAssistance.bit))
    }

    @Test func serviceProgressReachesOnlyItsApplicant() throws {
        let targeting = try #require(try EventTargeting(domains: catalogs.domains).targeting(try event("service-progress-nanling")))
        #expect(targeting.kind == .serviceProgress)
        guard case .applicant = targeting.target else { Issue.record("\(targeting)"); return }
    }

    @Test func serviceGuideChangesReachFollowersAndTheRegion() throws {
        let targeting = try #require(try EventTargeting(domains: catalogs.domains).targeting(try event("service-guide-changed-nanling")))
        guard case .serviceItemOrRegion = targeting.target else { Issue.record("\(targeting)"); return }
        #expect(targeting.kind == .serviceGuide)
    }

    @Test func incidentsGoToOpsStaffNotSubscribers() throws {
        #expect(try EventTargeting(domains: catalogs.domains).targeting(try event("incident-reported-xuancheng")) == nil)
        let response = try #require(try EventTargeting(domains: catalogs.domains).targeting(try event("incident-responded-xuancheng")))
        #expect(response.kind == .incidentResponse)
    }

    @Test func aDomainMissingFromTheCatalogIsNamed() throws {
        let policy = try event("policy-published-wuhu")
        let smaller = try DomainCatalog(catalogs.domains.all.filter { $0.id.rawValue != "employment" })
        #expect(throws: EventTargeting.Problem.unknownDomain(try DomainID("employment"))) { try EventTargeting(domains: smaller).targeting(policy) }
    }
}
