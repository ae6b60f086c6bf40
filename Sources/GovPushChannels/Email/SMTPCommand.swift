/// The commands GovPush's client sends (RFC 5321 §4.1, RFC 3207, RFC 4954), as CRLF-terminated lines.
///
/// AUTH lines carry base64 credentials: they are written to the socket only, never described or logged;
/// `description` shows the command name alone.
enum SMTPCommand: Sendable, CustomStringConvertible {
    case ehlo(String)
    case helo(String)
    case startTLS
    /// `AUTH PLAIN <initial response>` (RFC 4616): base64 of NUL user NUL password.
    case authenticatePlain(initialResponse: String)
    case authenticateLogin
    /// A base64 line answering a 334 challenge.
    case authenticationResponse(String)
    case mailFrom(address: String, parameters: [String])
    case recipient(address: String)
    case data
    case reset
    case quit

    var line: String {
        switch self {
        case .ehlo(let name): "EHLO \(name)\r\n"
        case .helo(let name): "HELO \(name)\r\n"
        case .startTLS: "STARTTLS\r\n"
        case .authenticatePlain(let response): "AUTH PLAIN \(response)\r\n"
        case .authenticateLogin: "AUTH LOGIN\r\n"
        case .authenticationResponse(let response): "\(response)\r\n"
        case .mailFrom(let address, let parameters): (["MAIL FROM:<\(address)>"] + parameters).joined(separator: " ") + "\r\n"
        case .recipient(let address): "RCPT TO:<\(address)>\r\n"
        case .data: "DATA\r\n"
        case .reset: "RSET\r\n"
        case .quit: "QUIT\r\n"
        }
    }

    var stage: SMTPStage {
        switch self {
        case .ehlo, .helo: .hello
        case .startTLS: .startTLS
        case .authenticatePlain, .authenticateLogin, .authenticationResponse: .authentication
        case .mailFrom: .mailFrom
        case .recipient: .recipient
        case .data: .data
        case .reset: .reset
        case .quit: .quit
        }
    }

    var description: String { stage.rawValue }
}
