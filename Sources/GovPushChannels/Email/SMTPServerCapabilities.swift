/// What a server announced in its EHLO reply (RFC 5321 §4.1.1.1): one extension keyword per line after the
/// greeting line, with parameters. A server answered with HELO has none of them.
struct SMTPServerCapabilities: Sendable, Equatable {
    var supportsExtendedSMTP: Bool
    var startTLS = false
    var pipelining = false
    var smtpUTF8 = false
    var eightBitMIME = false
    /// SASL mechanisms from `AUTH PLAIN LOGIN …` (or the old `AUTH=…` form), upper-cased.
    var authenticationMechanisms: [String] = []
    /// The SIZE limit in octets; nil when not announced or announced as 0 (no fixed limit).
    var maximumMessageSize: Int?

    static let plainSMTP = SMTPServerCapabilities(supportsExtendedSMTP: false)

    init(supportsExtendedSMTP: Bool) {
        self.supportsExtendedSMTP = supportsExtendedSMTP
    }

    /// Reads an EHLO 250 reply; its first line is the server's name, not an extension.
    init(ehloReply reply: SMTPReply) {
        self.init(supportsExtendedSMTP: true)
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "PIPELINING": pipelining = true
            case "SMTPUTF8": smtpUTF8 = true
            case "8BITMIME": eightBitMIME = true
            case "AUTH":
                for mechanism in words.dropFirst() where !authenticationMechanisms.contains(mechanism) {
                    authenticationMechanisms.append(mechanism)
                }
            case "SIZE":
                if let limit = words.dropFirst().first.flatMap({ Int($0) }), limit > 0 { maximumMessageSize = limit }
            default: continue
            }
        }
    }
}
