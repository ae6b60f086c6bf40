import GovPushDomain
import Testing

/// Hex both ways: what signatures and delivery ids are written in, and how received signatures are read.
@Suite struct HexTests {
    @Test func encodesLowercaseAndDecodesEitherCase() {
        let bytes: [UInt8] = [0x00, 0x0f, 0xa5, 0xff, 0x10]
        #expect(bytes.lowercaseHex == "000fa5ff10")
        #expect([UInt8](hex: "000fa5ff10") == bytes)
        #expect([UInt8](hex: "000FA5FF10") == bytes)
        #expect([UInt8](hex: "") == [])
    }

    @Test func refusesOddLengthsAndNonHexCharacters() {
        #expect([UInt8](hex: "abc") == nil)
        #expect([UInt8](hex: "0g") == nil)
        #expect([UInt8](hex: "zz00") == nil)
        #expect([UInt8](hex: " 0a") == nil)
    }
}
