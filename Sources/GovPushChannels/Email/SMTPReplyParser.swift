import NIOCore

/// Turns the bytes an SMTP server sends into replies (RFC 5321 §4.2): CRLF-terminated lines of a
/// three-digit code, `-` on every line but the last of a multi-line reply, then text.
///
/// Pure and incremental: feed whatever arrived with `append`, take complete replies with `nextReply`.
/// It also says whether bytes are waiting (`hasBufferedBytes`), so the client can refuse plaintext that
/// arrived after a STARTTLS reply — a known injection attack on STARTTLS (RFC 3207 §5, CVE-2011-0411).
struct SMTPReplyParser {
    struct Malformed: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    /// RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers send a little more.
    var maximumLineLength = 2048
    /// Guards against a server that never ends a multi-line reply.
    var maximumLinesPerReply = 200

    private var buffer = ByteBuffer()
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    var hasBufferedBytes: Bool { buffer.readableBytes > 0 || pendingCode != nil }

    mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        buffer.writeBuffer(&bytes)
    }

    /// The next complete reply, or nil when more bytes are needed.
    mutating func nextReply() throws(Malformed) -> SMTPReply? {
        while let line = try nextLine() {
            let (code, isLast, text) = try Self.split(line)
            if let pending = pendingCode, pending != code {
                throw Malformed(description: "reply line with code \(code) inside a multi-line \(pending) reply")
            }
            pendingCode = code
            pendingLines.append(text)
            if pendingLines.count > maximumLinesPerReply {
                throw Malformed(description: "reply longer than \(maximumLinesPerReply) lines")
            }
            if isLast {
                let reply = SMTPReply(code: code, lines: pendingLines)
                pendingCode = nil
                pendingLines = []
                return reply
            }
        }
        return nil
    }

    private mutating func nextLine() throws(Malformed) -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > maximumLineLength { throw Malformed(description: "reply line longer than \(maximumLineLength) bytes") }
            return nil
        }
        var line = Array(view[view.startIndex..<newline])
        buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        buffer.discardReadBytes()
        if line.last == UInt8(ascii: "\r") { line.removeLast() }  // CRLF; a bare LF is tolerated
        if line.count > maximumLineLength { throw Malformed(description: "reply line longer than \(maximumLineLength) bytes") }
        return line
    }

    private static func split(_ line: [UInt8]) throws(Malformed) -> (code: Int, isLast: Bool, text: String) {
        guard line.count >= 3, line[0] >= UInt8(ascii: "2"), line[0] <= UInt8(ascii: "5"),
              line[1] >= UInt8(ascii: "0"), line[1] <= UInt8(ascii: "5"),
              line[2] >= UInt8(ascii: "0"), line[2] <= UInt8(ascii: "9") else {
            throw Malformed(description: "reply line does not start with a code 200-559: \(Self.preview(line))")
        }
        let code = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
        if line.count == 3 { return (code, true, "") }
        switch line[3] {
        case UInt8(ascii: " "): return (code, true, String(decoding: line[4...], as: UTF8.self))
        case UInt8(ascii: "-"): return (code, false, String(decoding: line[4...], as: UTF8.self))
        default: throw Malformed(description: "reply code \(code) followed by neither space nor hyphen")
        }
    }

    private static func preview(_ line: [UInt8]) -> String {
        String(decoding: line.prefix(16), as: UTF8.self).unicodeScalars.map { $0.value < 0x20 ? "?" : String($0) }.joined()
    }
}
