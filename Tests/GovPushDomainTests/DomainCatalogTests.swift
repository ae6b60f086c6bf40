import Foundation
import Testing
@testable import GovPushDomain

@Suite struct DomainCatalogTests {
    @Test func bundlesThe26PilotDomainsWithStableBits() throws {
        let catalog = try DomainCatalog.bundled()
        #expect(catalog.all.count == 26)
        #expect(catalog.all.map(\.bit) == Array(0..<26))
        #expect(catalog.domain(try DomainID("social-assistance"))?.name == "社会救助")
        #expect(catalog.domain(try DomainID("compulsory-education"))?.name == "义务教育")
        #expect(catalog.domain(try DomainID("no-such-domain")) == nil)
        #expect(Set(catalog.all.map(\.name)).count == 26)
        #expect(catalog.nextFreeBit == 26)
    }

    @Test func extendsWithNewDomainsOnNewBits() throws {
        let catalog = try DomainCatalog.bundled()
        let tourism = Domain(id: try DomainID("tourism"), name: "文化旅游", bit: catalog.nextFreeBit)
        let extended = try catalog.extended(with: [tourism])
        #expect(extended.all.count == 27)
        #expect(extended.domain(tourism.id) == tourism)
        #expect(extended.domain(try DomainID("employment")) == catalog.domain(try DomainID("employment")))
    }

    @Test func refusesAnExtensionThatReusesAnIdOrABit() throws {
        let catalog = try DomainCatalog.bundled()
        let employment = try DomainID("employment")
        #expect(throws: DomainCatalog.LoadError.duplicateID(employment)) {
            try catalog.extended(with: [Domain(id: employment, name: "就业", bit: 40)])
        }
        let tourism = try DomainID("tourism")
        #expect(throws: DomainCatalog.LoadError.duplicateBit(17, try DomainID("social-assistance"), tourism)) {
            try catalog.extended(with: [Domain(id: tourism, name: "文化旅游", bit: 17)])
        }
        #expect(throws: DomainCatalog.LoadError.bitOutOfRange(64, tourism)) {
            try catalog.extended(with: [Domain(id: tourism, name: "文化旅游", bit: 64)])
        }
    }

    @Test func refusesBadData() throws {
        func load(_ json: String) throws(DomainCatalog.LoadError) -> DomainCatalog {
            try DomainCatalog(loading: Data(json.utf8))
        }
        #expect(throws: DomainCatalog.LoadError.badID("Social Assistance",
                reason: DomainID.ParseError.invalid("Social Assistance").description)) {
            try load(#"{"domains": [{"id": "Social Assistance", "name": "社会救助", "bit": 0}]}"#)
        }
        let a = try DomainID("a")
        #expect(throws: DomainCatalog.LoadError.duplicateID(a)) {
            try load(#"{"domains": [{"id": "a", "name": "甲", "bit": 0}, {"id": "a", "name": "乙", "bit": 1}]}"#)
        }
        #expect(throws: DomainCatalog.LoadError.duplicateBit(3, a, try DomainID("b"))) {
            try load(#"{"domains": [{"id": "a", "name": "甲", "bit": 3}, {"id": "b", "name": "乙", "bit": 3}]}"#)
        }
        #expect(throws: DomainCatalog.LoadError.emptyName(a)) {
            try load(#"{"domains": [{"id": "a", "name": " ", "bit": 0}]}"#)
        }
        do {
            _ = try load(#"{"domains": [{"id": "a", "name": "甲"}]}"#)
            Issue.record("a domain without a bit was accepted")
        } catch {
            #expect(error.description.contains("missing \"bit\""), "\(error)")
        }
    }
}
