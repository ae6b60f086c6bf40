import Crypto
import Foundation
import GovPushDomain

/// Builds the RFC 5322 / MIME message for one notification: multipart/alternative with a text/plain and a
/// text/html part (RFC 2046 §5.1.4, plain first, so simple readers show the text), both UTF-8 in base64 or
/// quoted-printable; Subject and the sender's name as RFC 2047 encoded-words. The Message-ID carries the
/// delivery id, so a message sent twice in the at-least-once window has the same id both times and
/// receivers (and providers) can drop the copy.
struct EmailMessageComposer {
    var sender: EmailSender

    func compose(_ notification: OutgoingNotification, to recipient: EmailAddress, date: Date) -> [UInt8] {
        let message = notification.message
        var headers: [String] = [
            "Date: \(RFC5322Date.format(date))",
            fromHeader,
            "To: <\(recipient.clearText)>",
            RFC2047EncodedWords.headerField("Subject", message.title),
            "Message-ID: \(Self.messageID(deliveryID: notification.deliveryID, domain: senderDomain))",
            "MIME-Version: 1.0",
            "X-GovPush-Delivery: \(Self.atext(notification.deliveryID))",
            // RFC 3834: a notice sent by software; auto-responders should not answer it.
            "Auto-Submitted: auto-generated",
        ]
        let text = Self.part(contentType: "text/plain; charset=UTF-8", Self.crlf(message.body))
        guard let html = message.html else {
            headers.append(contentsOf: text.headers)
            return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + text.body).utf8)
        }
        let htmlPart = Self.part(contentType: "text/html; charset=UTF-8", Self.crlf(Self.htmlDocument(html, title: message.title)))
        let boundary = Self.boundary(deliveryID: notification.deliveryID)
        headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        var lines = [headers.joined(separator: "\r\n"), "", "This is a multi-part message in MIME format."]
        for part in [text, htmlPart] {
            lines.append("--\(boundary)")
            lines.append(contentsOf: part.headers)
            lines.append("")
            lines.append(part.body)
        }
        lines.append("--\(boundary)--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    private var senderDomain: String { sender.address.domainPart }

    private var fromHeader: String {
        let address = " <\(sender.address.clearText)>"
        guard let name = sender.displayName else { return "From:\(address)" }
        if !RFC2047EncodedWords.needsEncoding(name) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "From: \"\(escaped)\"\(address)"
        }
        return RFC2047EncodedWords.headerField("From", name, suffix: address)
    }

    /// `<govpush.<delivery id>@<sender's domain>>`: unique per delivery, the same on every attempt.
    static func messageID(deliveryID: String, domain: String) -> String {
        "<govpush.\(atext(deliveryID))@\(domain)>"
    }

    /// Delivery ids are hex digits; anything else is hex-escaped so the Message-ID stays a dot-atom.
    static func atext(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_".unicodeScalars.contains(scalar))
                ? String(scalar) : String(format: "=%02X", scalar.value)
        }.joined()
    }

    /// `=_` never appears in base64 or quoted-printable output, so the boundary cannot occur in a part.
    static func boundary(deliveryID: String) -> String {
        let digest = SHA256.hash(data: Array(deliveryID.utf8))
        return "=_GovPush_" + digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    private static func part(contentType: String, _ text: String) -> (headers: [String], body: String) {
        let bytes = Array(text.utf8)
        let encoding = MIMETransferEncoding.choose(for: bytes)
        return (["Content-Type: \(contentType)", "Content-Transfer-Encoding: \(encoding.rawValue)"], encoding.encode(bytes))
    }

    /// Line ends as CRLF: the canonical form of text parts (RFC 2046 §4.1.1).
    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// The rendered HTML fragment in a minimal document that declares its charset.
    static func htmlDocument(_ fragment: String, title: String) -> String {
        let lowered = fragment.prefix(32).lowercased()
        if lowered.hasPrefix("<!doctype") || lowered.hasPrefix("<html") { return fragment }
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>\(escapedTitle)</title></head>\n<body>\n"
            + fragment + "\n</body>\n</html>\n"
    }
}
