import Testing
@testable import GovPushDomain

@Suite struct RegionCodeTests {
    @Test func normalisesAndNestsSubtrees() throws {
        let anhui = try RegionCode("340000"), wuhu = try RegionCode("340200"), nanling = try RegionCode("340223")
        #expect(anhui.level == .province && wuhu.level == .prefecture && nanling.level == .county)
        #expect(anhui.contains(wuhu) && wuhu.contains(nanling) && !nanling.contains(wuhu))
        #expect(nanling.value == 340_223_000_000)
        let township = try RegionCode("340223100")
        #expect(township.level == .township && nanling.contains(township) && township.description == "340223100")
        #expect(township.structuralParent == nanling)
        #expect(try RegionCode("340223100201").level == .village)
    }

    /// Prefecture cities without counties (不设区的地级市, e.g. 441900 东莞市) have townships directly.
    @Test func acceptsTownshipsOfCountylessCities() throws {
        let dongguan = try RegionCode("441900"), township = try RegionCode("441900003")
        #expect(township.level == .township && dongguan.contains(township))
        #expect(try RegionCode("441900003001").level == .village)
        #expect(throws: RegionCode.ParseError.self) { try RegionCode("441900000001") }
    }

    @Test func refusesMalformedCodes() {
        #expect(throws: RegionCode.ParseError.notDigits("34a223")) { try RegionCode("34a223") }
        #expect(throws: RegionCode.ParseError.wrongLength("3402")) { try RegionCode("3402") }
        #expect(throws: RegionCode.ParseError.self) { try RegionCode("340023") }
        #expect(throws: RegionCode.ParseError.self) { try RegionCode("000000") }
    }
}
