/// Where in a session something happened: named in errors, reasons and logs, and it picks the timeout.
public enum SMTPStage: String, Sendable, Equatable, CustomStringConvertible {
    case connect
    case greeting
    case hello = "EHLO/HELO"
    case startTLS = "STARTTLS"
    case tlsHandshake = "TLS handshake"
    case authentication = "AUTH"
    case reset = "RSET"
    case mailFrom = "MAIL FROM"
    case recipient = "RCPT TO"
    case data = "DATA"
    case messageBody = "end of DATA"
    case quit = "QUIT"

    public var description: String { rawValue }
}
