/// Why an SMTP session or transaction failed. Descriptions name the stage and the server's code, never a
/// credential; server text passes through `SMTPReply.description`, which masks addresses.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TCP connection could not be made (refused, unreachable, name not resolved, connect timeout).
    case connectionFailed(String)
    /// The server closed the connection, or the socket failed, during `stage`.
    case connectionClosed(SMTPStage)
    /// No (complete) reply within the stage's timeout; the connection is dropped.
    case timedOut(SMTPStage)
    /// TLS failed; `certificateRejected` when the server's certificate or name could not be verified.
    case tlsFailed(String, certificateRejected: Bool)
    /// The server refused a step GovPush cannot continue without (greeting, EHLO/HELO, MAIL, DATA, …).
    case rejected(SMTPStage, SMTPReply)
    /// `starttls: required`, but the server did not offer STARTTLS.
    case startTLSNotOffered
    /// The server refused the configured credentials (535 and other AUTH replies).
    case authenticationFailed(SMTPReply)
    /// Credentials are configured but the server offers no mechanism GovPush speaks (PLAIN, LOGIN).
    case noSupportedAuthenticationMechanism(offered: [String])
    /// The server's bytes are not SMTP replies.
    case malformedReply(String)
    /// The server broke the protocol in another way (e.g. plaintext after its STARTTLS reply).
    case protocolViolation(String)
    /// An address needs SMTPUTF8 (RFC 6531), which the server did not announce.
    case smtpUTF8NotSupported
    /// An address that cannot be put in a MAIL or RCPT command.
    case invalidAddress(String)
    /// The message is larger than the SIZE the server announced (RFC 1870).
    case messageTooLarge(size: Int, limit: Int)
    /// The client could not be set up (e.g. the CA file cannot be read).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .connectionFailed(let detail): "cannot connect to the SMTP server: \(detail)"
        case .connectionClosed(let stage): "the SMTP connection closed during \(stage)"
        case .timedOut(let stage): "the SMTP server did not answer \(stage) in time"
        case .tlsFailed(let detail, let certificateRejected):
            certificateRejected ? "the SMTP server's TLS certificate was not accepted: \(detail)" : "TLS with the SMTP server failed: \(detail)"
        case .rejected(let stage, let reply): "the SMTP server refused \(stage): \(reply)"
        case .startTLSNotOffered: "STARTTLS is required but the SMTP server does not offer it"
        case .authenticationFailed(let reply): "the SMTP server refused the credentials: \(reply)"
        case .noSupportedAuthenticationMechanism(let offered):
            "the SMTP server offers AUTH \(offered.isEmpty ? "(none)" : offered.joined(separator: " ")); GovPush speaks PLAIN and LOGIN"
        case .malformedReply(let detail): "the SMTP server sent a malformed reply: \(detail)"
        case .protocolViolation(let detail): "the SMTP server broke the protocol: \(detail)"
        case .smtpUTF8NotSupported: "the address needs SMTPUTF8, which the SMTP server does not support"
        case .invalidAddress(let detail): "invalid address: \(detail)"
        case .messageTooLarge(let size, let limit): "the message (\(size) bytes) exceeds the SMTP server's SIZE limit of \(limit) bytes"
        case .invalidConfiguration(let detail): "invalid SMTP configuration: \(detail)"
        }
    }
}
