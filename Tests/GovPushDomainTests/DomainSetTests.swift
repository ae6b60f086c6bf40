import Foundation
import Testing
@testable import GovPushDomain

@Suite struct DomainSetTests {
    @Test func holdsBitsUpToTheDocumentedCapacity() throws {
        #expect(DomainSet.capacity == 48)
        var set = try DomainSet(bits: [0, 25, 47])
        #expect(set.bits == [0, 25, 47] && set.count == 3 && set.contains(25) && !set.contains(1))
        set.remove(25)
        #expect(set.bits == [0, 47])
        #expect(try DomainSet(bits: [1, 2]).intersects(DomainSet(bits: [2, 3])))
        #expect(!(try DomainSet(bits: [1]).intersects(DomainSet(bits: [2]))))
        #expect(try DomainSet(bits: [1]).union(DomainSet(bits: [2])).bits == [1, 2])
    }

    @Test func refusesBitsBeyondCapacityWithAClearError() {
        let error = #expect(throws: DomainSet.CapacityError.self) { try DomainSet(bits: [3, 48]) }
        #expect(error?.bit == 48)
        #expect(error?.description.contains("0..<48") == true)
        #expect(throws: DomainSet.CapacityError(bit: -1)) { try DomainSet(bits: [-1]) }
        #expect(throws: DomainSet.CapacityError(bit: 63)) { try DomainSet(rawValue: 1 << 63 | 1) }
        #expect(!DomainSet().contains(64))
    }

    @Test func codesAsBitList() throws {
        let set = try DomainSet(bits: [4, 9])
        let data = try JSONEncoder().encode(set)
        #expect(String(decoding: data, as: UTF8.self) == "[4,9]")
        #expect(try JSONDecoder().decode(DomainSet.self, from: data) == set)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DomainSet.self, from: Data("[50]".utf8)) }
    }
}
