import Foundation
import Testing
@testable import GovPushDomain

@Suite struct RegionCatalogTests {
    static let catalog = Result { try RegionCatalog.bundled() }

    @Test func bundlesTheCountyLevelCodesOfTheSourceDocuments() throws {
        let catalog = try Self.catalog.get()
        #expect(catalog.edition == "2024")
        for (code, name) in [("340000", "安徽省"), ("340200", "芜湖市"), ("340223", "南陵县"), ("341800", "宣城市"),
                             ("610000", "陕西省"), ("150000", "内蒙古自治区"), ("150600", "鄂尔多斯市"),
                             ("150623", "鄂托克前旗")] {
            #expect(catalog.region(try RegionCode(code))?.name == name, "\(code)")
        }
        #expect(catalog.all.filter { $0.level == .province }.count == 34)
        #expect(catalog.all.count > 3000)
    }

    @Test func chainsNanlingUpToAnhui() throws {
        let chain = try Self.catalog.get().chain(try RegionCode("340223"))
        #expect(chain.map(\.description) == ["340223 南陵县", "340200 芜湖市", "340000 安徽省"])
        #expect(chain.map(\.level) == [.county, .prefecture, .province])
    }

    @Test func chainsOtogFrontBannerUpToInnerMongolia() throws {
        let chain = try Self.catalog.get().chain(try RegionCode("150623"))
        #expect(chain.map(\.code) == [try RegionCode("150623"), try RegionCode("150600"), try RegionCode("150000")])
        #expect(chain[1].name == "鄂尔多斯市")
    }

    @Test func keepsRealParentsThatSkipALevel() throws {
        let catalog = try Self.catalog.get()
        // 省直辖县级行政区划 and a municipality's district.
        #expect(catalog.region(try RegionCode("429004"))?.parent == (try RegionCode("420000")))
        #expect(try catalog.chain(try RegionCode("110101")).map(\.name) == ["东城区", "北京市"])
    }

    @Test func acceptsTownshipAndVillageCodesUnderAKnownCounty() throws {
        let catalog = try Self.catalog.get()
        let township = try RegionCode("340223100"), village = try RegionCode("340223100201")
        try catalog.validate(township)
        try catalog.validate(village)
        let chain = try catalog.chain(village)
        #expect(chain.first?.code == village && chain.first?.isSynthetic == true)
        #expect(chain.dropFirst().map(\.description) == ["340223 南陵县", "340200 芜湖市", "340000 安徽省"])
        #expect(try catalog.chain(township).map(\.level) == [.township, .county, .prefecture, .province])
        #expect(catalog.region(township) == nil)
    }

    @Test func refusesUnknownCodesWithTheEdition() throws {
        let catalog = try Self.catalog.get()
        let unknown = try RegionCode("340299")
        #expect(throws: RegionCatalog.LookupError.unknownRegion(unknown, edition: "2024")) {
            try catalog.validate(unknown)
        }
        #expect(RegionCatalog.LookupError.unknownRegion(unknown, edition: "2024").description
            == "region 340299 is not a known GB/T 2260 code (2024 edition)")
        let township = try RegionCode("999999100"), village = try RegionCode("999999100201")
        let county = try RegionCode("999999")
        #expect(throws: RegionCatalog.LookupError.unknownCounty(township, county: county, edition: "2024")) {
            try catalog.chain(township)
        }
        #expect(throws: RegionCatalog.LookupError.unknownCounty(village, county: county, edition: "2024")) {
            try catalog.validate(village)
        }
        #expect(RegionCatalog.LookupError.unknownCounty(township, county: county, edition: "2024").description
            .hasPrefix("township 999999100: county 999999 is unknown"))
    }

    @Test func refusesBadData() throws {
        func load(_ rows: String, edition: String? = "# edition: test\n") throws(RegionCatalog.LoadError) -> RegionCatalog {
            try RegionCatalog(loading: Data(((edition ?? "") + rows).utf8))
        }
        let ok = "340000\t安徽省\t\n340200\t芜湖市\t340000\n"
        #expect(try load(ok).all.count == 2)
        #expect(throws: RegionCatalog.LoadError.missingEdition) { try load(ok, edition: nil) }
        #expect(throws: RegionCatalog.LoadError.malformedLine(2, reason: "expected 3 tab-separated fields, found 2")) {
            try load("340000\t安徽省\n")
        }
        #expect(throws: RegionCatalog.LoadError.duplicateCode(3, try RegionCode("340000"))) {
            try load("340000\t安徽省\t\n340000\t安徽\t\n")
        }
        #expect(throws: RegionCatalog.LoadError.unknownParent(2, try RegionCode("340200"), parent: try RegionCode("340000"))) {
            try load("340200\t芜湖市\t340000\n")
        }
        #expect(throws: RegionCatalog.LoadError.parentNotAbove(3, try RegionCode("340200"), parent: try RegionCode("610000"))) {
            try load("610000\t陕西省\t\n340200\t芜湖市\t610000\n")
        }
        #expect(throws: RegionCatalog.LoadError.missingParent(2, try RegionCode("340200"))) { try load("340200\t芜湖市\t\n") }
        #expect(throws: RegionCatalog.LoadError.provinceWithParent(2, try RegionCode("340000"))) {
            try load("340000\t安徽省\t610000\n")
        }
        #expect(throws: RegionCatalog.LoadError.self) { try load("34a000\t安徽省\t\n") }
        #expect(throws: RegionCatalog.LoadError.self) { try load("340223100\t籍山镇\t340223\n") }
    }
}
