import Foundation
import GovPushDomain
import Testing
@testable import GovPushChannels

/// The message GovPush submits: transfer encodings, dot-stuffing and the MIME structure (the real server
/// and Python's decoder check the same message end to end in EmailChannelTests).
@Suite struct EmailMessageCompositionTests {
    @Test func quotedPrintableKnownAnswer() {
        // Python: quopri.encodestring(b'caf\xc3\xa9 = ok \r\nline two \r\n')
        #expect(MIMETransferEncoding.quotedPrintable(Array("café = ok \r\nline two \r\n".utf8)) == "caf=C3=A9 =3D ok=20\r\nline two=20\r\n")
    }

    @Test func quotedPrintableSoftBreaksKeepLinesAt76WithoutSplittingEscapes() {
        let text = String(repeating: "abcdefghi=", count: 30) + "\r\n" + String(repeating: "é", count: 60)
        let encoded = MIMETransferEncoding.quotedPrintable(Array(text.utf8))
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        for line in lines where line.hasSuffix("=") {
            #expect(!line.dropLast().hasSuffix("=") && !line.dropLast(2).hasSuffix("="))  // no cut =XX before the soft break
        }
        // Decoding: drop soft breaks, then unescape.
        let utf8 = Array(encoded.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var bytes: [UInt8] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "="), i + 2 < utf8.count,
               let value = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        #expect(String(decoding: bytes, as: UTF8.self) == text)
    }

    @Test func chineseTextGoesBase64AndMostlyASCIITextQuotedPrintable() {
        #expect(MIMETransferEncoding.choose(for: Array("芜湖市人民政府办公室发布《实施意见》。".utf8)) == .base64)
        #expect(MIMETransferEncoding.choose(for: Array("Policy 47 published, see https://www.wuhu.gov.cn/p/47 — 详见".utf8)) == .quotedPrintable)
        let base64 = MIMETransferEncoding.base64(Array(String(repeating: "政务公开", count: 40).utf8))
        #expect(base64.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test func dotStuffingDoublesLeadingDotsAndTerminates() {
        let message = Array("Subject: x\r\n\r\n.hidden line\r\n.\r\nmiddle . dot\n..two\r\nlast".utf8)
        let content = String(decoding: DotStuffing.dataContent(message), as: UTF8.self)
        #expect(content == "Subject: x\r\n\r\n..hidden line\r\n..\r\nmiddle . dot\r\n...two\r\nlast\r\n.\r\n")
        #expect(String(decoding: DotStuffing.dataContent(Array("a\r\n".utf8)), as: UTF8.self) == "a\r\n.\r\n")
    }

    @Test func multipartAlternativeStructureAndHeaders() throws {
        let sender = EmailSender(displayName: "芜湖市政务公开办公室", address: try EmailAddress("notify@wuhu.gov.cn"))
        let notification = OutgoingNotification(
            deliveryID: "0123456789abcdef0123456789abcdef", eventID: "evt-1", eventType: .policyPublished,
            subscriberID: try SubscriberID("sub-1"), address: .email(try EmailAddress("zhang@example.cn")),
            message: RenderedMessage(title: "新政策发布", body: "正文第一行\n第二行", html: "<p>正文</p>"), isUrgent: false)
        let bytes = EmailMessageComposer(sender: sender).compose(notification, to: try EmailAddress("zhang@example.cn"),
                                                                 date: Date(timeIntervalSince1970: 1_763_709_529))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.allSatisfy { $0.isASCII })
        let head = try #require(text.components(separatedBy: "\r\n\r\n").first)
        #expect(head.contains("Date: Fri, 21 Nov 2025 15:18:49 +0800"))
        #expect(head.contains("From: =?UTF-8?B?"))
        #expect(head.contains(" <notify@wuhu.gov.cn>"))
        #expect(head.contains("Subject: =?UTF-8?B?5paw5pS/562W5Y+R5biD?="))
        #expect(head.contains("Message-ID: <govpush.0123456789abcdef0123456789abcdef@wuhu.gov.cn>"))
        #expect(head.contains("MIME-Version: 1.0"))
        let boundary = EmailMessageComposer.boundary(deliveryID: notification.deliveryID)
        #expect(head.contains("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\""))
        #expect(text.components(separatedBy: "--\(boundary)\r\nContent-Type: text/").count == 3)
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test func senderParsing() throws {
        let named = try EmailSender(parsing: "\"芜湖市政务公开办公室\" <notify@wuhu.gov.cn>")
        #expect(named.displayName == "芜湖市政务公开办公室")
        #expect(named.address.clearText == "notify@wuhu.gov.cn")
        #expect(try EmailSender(parsing: "notify@wuhu.gov.cn").displayName == nil)
        #expect(throws: EmailSender.Invalid.self) { try EmailSender(parsing: "政务公开 <not-an-address>") }
    }
}
