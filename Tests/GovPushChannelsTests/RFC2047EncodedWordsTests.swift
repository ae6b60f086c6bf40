import Foundation
import Testing
@testable import GovPushChannels

/// RFC 2047 encoded-words for Subject and the sender's name: known answers (computed with Python's base64),
/// the 75-character limit, and splits that never cut a character.
@Suite struct RFC2047EncodedWordsTests {
    @Test func shortChineseTextIsOneWord() {
        #expect(RFC2047EncodedWords.encode("新政策发布") == ["=?UTF-8?B?5paw5pS/562W5Y+R5biD?="])
    }

    @Test func longSubjectSplitsIntoWordsOfWholeCharacters() {
        let subject = "新政策发布：芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见"
        #expect(RFC2047EncodedWords.encode(subject) == [
            "=?UTF-8?B?5paw5pS/562W5Y+R5biD77ya6Iqc5rmW5biC5Lq65rCR5pS/5bqc5Yqe5YWs?=",
            "=?UTF-8?B?5a6k5YWz5LqO6L+b5LiA5q2l5YGa5aW95Z+O5Lmh5L2O5L+d5bel5L2c55qE?=",
            "=?UTF-8?B?5a6e5pa95oSP6KeB?=",
        ])
    }

    @Test(arguments: [
        "【新政策发布】芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见（芜政办秘〔2020〕47号）",
        "Mixed 中英文 text with emoji 👨‍👩‍👧‍👦 and more 😀😀😀😀😀😀😀😀😀😀😀😀",
        String(repeating: "é", count: 100),
        String(repeating: "👨‍👩‍👧‍👦", count: 3),  // 25-byte grapheme clusters
    ])
    func everyWordIsValidAndDecodesBackToTheText(_ text: String) throws {
        let words = RFC2047EncodedWords.encode(text, firstWordLimit: 60)
        #expect(words.first.map { $0.count <= 60 } == true)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            // Each word decodes on its own to whole UTF-8 (RFC 2047 §5: no character split across words).
            #expect(String(validating: Array(payload), as: UTF8.self) != nil)
            decoded += payload
        }
        #expect(String(decoding: decoded, as: UTF8.self) == text)
    }

    @Test func headerFieldFoldsAndKeepsLinesShort() {
        let field = RFC2047EncodedWords.headerField("Subject", "新政策发布：芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见")
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?B?") })
    }

    @Test func plainASCIIIsLeftAloneButLookalikesAreEncoded() {
        #expect(RFC2047EncodedWords.headerField("Subject", "Policy update") == "Subject: Policy update")
        #expect(RFC2047EncodedWords.needsEncoding("=?UTF-8?B?abc?="))
        #expect(RFC2047EncodedWords.needsEncoding("line\r\nBcc: injected@example.com"))
    }
}
