import NIOCore
import Testing
@testable import GovPushChannels

/// SMTP reply parsing (RFC 5321 §4.2) on bytes as they arrive: single and multi-line replies, replies
/// split across reads, several replies in one read (pipelining), and malformed input refused.
@Suite struct SMTPReplyParserTests {
    private func replies(_ chunks: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var out: [SMTPReply] = []
        for chunk in chunks {
            parser.append(ByteBuffer(string: chunk))
            while let reply = try parser.nextReply() { out.append(reply) }
        }
        return out
    }

    @Test func singleLineReplyWithEnhancedStatus() throws {
        let reply = try #require(try replies(["250 2.1.0 Sender OK\r\n"]).first)
        #expect(reply.code == 250)
        #expect(reply.lines == ["2.1.0 Sender OK"])
        #expect(reply.enhancedStatus == "2.1.0")
        #expect(reply.isPositiveCompletion)
    }

    @Test func multiLineEHLOReplySplitAcrossReads() throws {
        let parsed = try replies(["250-smtp.example.cn Hello\r\n250-PIPE", "LINING\r\n250-AUTH PLAIN LOGIN\r\n250-SIZE 35882577\r\n250 STARTTLS\r", "\n"])
        #expect(parsed.count == 1)
        let reply = try #require(parsed.first)
        #expect(reply.lines == ["smtp.example.cn Hello", "PIPELINING", "AUTH PLAIN LOGIN", "SIZE 35882577", "STARTTLS"])
        let capabilities = SMTPServerCapabilities(ehloReply: reply)
        #expect(capabilities.pipelining && capabilities.startTLS && capabilities.supportsExtendedSMTP)
        #expect(capabilities.authenticationMechanisms == ["PLAIN", "LOGIN"])
        #expect(capabilities.maximumMessageSize == 35_882_577)
        #expect(!capabilities.smtpUTF8)
    }

    @Test func pipelinedRepliesInOneReadComeOutInOrder() throws {
        let parsed = try replies(["250 2.1.0 OK\r\n550 5.1.1 <zhang@example.cn>: Recipient address rejected\r\n250 2.1.5 OK\r\n354 End data with <CR><LF>.<CR><LF>\r\n"])
        #expect(parsed.map(\.code) == [250, 550, 250, 354])
        #expect(parsed[1].isPermanentFailure)
        #expect(parsed[3].isPositiveIntermediate)
    }

    @Test func bareCodeAndBareLineFeedAreAccepted() throws {
        let parsed = try replies(["250\r\n", "221 2.0.0 Bye\n"])
        #expect(parsed == [SMTPReply(code: 250, lines: [""]), SMTPReply(code: 221, lines: ["2.0.0 Bye"])])
        #expect(parsed[0].enhancedStatus == nil)
    }

    @Test func incompleteReplyWaitsForMoreBytes() throws {
        var parser = SMTPReplyParser()
        parser.append(ByteBuffer(string: "250-first\r\n250 sec"))
        let partial = try parser.nextReply()
        #expect(partial == nil)
        #expect(parser.hasBufferedBytes)
        parser.append(ByteBuffer(string: "ond\r\n"))
        let complete = try parser.nextReply()
        #expect(complete == SMTPReply(code: 250, lines: ["first", "second"]))
        #expect(!parser.hasBufferedBytes)
    }

    @Test(arguments: [
        "hello\r\n",            // no code
        "25O OK\r\n",           // letter in the code
        "650 OK\r\n",           // no such reply class
        "250_OK\r\n",           // neither space nor hyphen
        "250-one\r\n451 two\r\n",  // the code changes inside a multi-line reply
    ])
    func malformedRepliesAreRefused(_ input: String) {
        #expect(throws: SMTPReplyParser.Malformed.self) { try replies([input]) }
    }

    @Test func overlongLineIsRefusedWithoutWaitingForItsEnd() {
        var parser = SMTPReplyParser()
        parser.append(ByteBuffer(string: "250 " + String(repeating: "x", count: 5000)))
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.nextReply() }
    }

    @Test func descriptionMasksAddressesTheServerEchoes() {
        let reply = SMTPReply(code: 550, lines: ["5.1.1 <zhang.san@example.cn>: Recipient address rejected"])
        #expect(reply.description == "550 5.1.1 <address> Recipient address rejected")
        #expect(!reply.description.contains("zhang"))
    }
}
