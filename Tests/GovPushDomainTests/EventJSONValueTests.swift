import Foundation
import Testing
@testable import GovPushDomain

/// The JSON reader under the payload validation, and the minimal Kafka record view.
@Suite struct EventJSONValueTests {
    @Test func parsesEveryJSONKindDistinctly() throws {
        let value = try JSONValue.parse(Array(#"{"a":true,"b":1,"c":"文号","d":null,"e":[1.5,false],"f":{}}"#.utf8))
        #expect(value == .object(["a": .bool(true), "b": .number(1), "c": .string("文号"), "d": .null,
                                  "e": .array([.number(1.5), .bool(false)]), "f": .object([:])]))
    }

    @Test func encodesCompactlyWithSortedKeysAndRoundTrips() throws {
        let value = JSONValue.object(["b": .number(47), "a": .string("芜政办秘〔2020〕47号"), "url": .string("https://x.org/a")])
        let text = String(decoding: value.encoded, as: UTF8.self)
        #expect(text == #"{"a":"芜政办秘〔2020〕47号","b":47,"url":"https://x.org/a"}"#)
        #expect(try JSONValue.parse(value.encoded) == value)
    }

    @Test func syntaxErrorsSayWhere() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(Array("{\"a\": 1,\n \"b\": x}".utf8)) }
        #expect(error.reason.contains("character 15"), "\(error.reason)")
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse([]) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse([0xFF, 0xFE, 0x7B, 0x7D]) }
    }

    @Test func nestingIsBoundedButBracketsInStringsDoNotCount() throws {
        let deep = String(repeating: "[", count: JSONValue.maximumDepth + 1) + String(repeating: "]", count: JSONValue.maximumDepth + 1)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(deep.utf8)) }
        let brackets = "{\"a\":\"" + String(repeating: "[", count: 500) + "\\\"\"}"
        #expect(try JSONValue.parse(Array(brackets.utf8)) == .object(["a": .string(String(repeating: "[", count: 500) + "\"")]))
    }

    @Test func theLastHeaderOfANameWins() {
        let record = KafkaRecordView(key: nil, value: [], headers: [RecordHeader("ce_id", "1"), RecordHeader("ce_id", "2")])
        #expect(record.header("ce_id") == Array("2".utf8))
        #expect(record.header("ce_type") == nil)
    }
}
