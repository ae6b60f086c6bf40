import Testing
@testable import GovPushDomain

/// The real catalogs drive event validation: documents' regions and domains pass, others are named.
@Suite struct ReferenceCatalogsTests {
    @Test func validatesEventsAgainstTheShippedData() throws {
        let catalogs = try ReferenceCatalogs.bundled()
        #expect(catalogs.regionProblem(try RegionCode("340223")) == nil)
        #expect(catalogs.regionProblem(try RegionCode("150623100200")) == nil)
        let unknown = try #require(catalogs.regionProblem(try RegionCode("340299")))
        #expect(unknown.contains("340299"))
        #expect(catalogs.isKnownDomain(try DomainID("social-assistance")))
        #expect(!catalogs.isKnownDomain(try DomainID("no-such-domain")))
    }
}
