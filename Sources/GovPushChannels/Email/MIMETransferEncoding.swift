import Foundation

/// How a text part's UTF-8 bytes travel 7-bit clean (RFC 2045 §6): quoted-printable when the text is
/// mostly ASCII (readable, smaller), base64 otherwise (Chinese text: 4 characters per 3 bytes instead of
/// 9). Either way every line is at most 76 characters, far below SMTP's 998-octet limit.
enum MIMETransferEncoding: String, Equatable {
    case quotedPrintable = "quoted-printable"
    case base64

    static let maximumLineLength = 76

    /// The smaller of the two for `bytes` (text with CRLF line ends).
    static func choose(for bytes: [UInt8]) -> MIMETransferEncoding {
        let escaped = bytes.count(where: { !isLiteral($0) && $0 != 13 && $0 != 10 })
        // Quoted-printable spends 3 characters per escaped byte, base64 4/3 per byte.
        return bytes.count + 2 * escaped <= bytes.count * 4 / 3 ? .quotedPrintable : .base64
    }

    func encode(_ bytes: [UInt8]) -> String {
        switch self {
        case .base64: Self.base64(bytes)
        case .quotedPrintable: Self.quotedPrintable(bytes)
        }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }

    /// RFC 2045 §6.7: printable ASCII except "=" as is; other bytes as =XX; whitespace before a line end
    /// encoded (it would be stripped in transit); soft line breaks ("=" CRLF) keep lines at 76 or less
    /// without splitting an =XX.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        var output = ""
        var line = ""
        let hex = Array("0123456789ABCDEF")
        func append(_ token: String) {
            if line.count + token.count > maximumLineLength - 1 {  // room for the soft break's "="
                output += line + "=\r\n"
                line = ""
            }
            line += token
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : nil
            if byte == 13, next == 10 {
                output += line + "\r\n"
                line = ""
                index += 2
                continue
            }
            let atLineEnd = next == nil || next == 13
            if isLiteral(byte), !((byte == 32 || byte == 9) && atLineEnd) {
                append(String(UnicodeScalar(byte)))
            } else {
                append("=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)]))
            }
            index += 1
        }
        return output + line
    }

    private static func isLiteral(_ byte: UInt8) -> Bool {
        (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || byte == 32 || byte == 9
    }
}
