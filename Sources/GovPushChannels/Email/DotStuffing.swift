/// The DATA content of a message (RFC 5321 §4.5.2): every line that starts with "." gets one more, so no
/// line of the message can end the transfer early, then CRLF "." CRLF ends it. Line ends are made CRLF
/// (a bare LF or CR becomes CRLF: servers refuse bare line feeds, RFC 5321 §2.3.8).
enum DotStuffing {
    static func dataContent(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            switch byte {
            case UInt8(ascii: "\r"):
                out.append(contentsOf: [13, 10])
                if index + 1 < message.count, message[index + 1] == 10 { index += 1 }
                atLineStart = true
            case UInt8(ascii: "\n"):
                out.append(contentsOf: [13, 10])
                atLineStart = true
            default:
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out.append(contentsOf: [13, 10]) }
        out.append(contentsOf: Array(".\r\n".utf8))
        return out
    }

    /// An empty message's content: only the terminator.
    static let emptyContentBytes: [UInt8] = Array(".\r\n".utf8)
}
