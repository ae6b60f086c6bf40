import GovPushDomain

/// Where and how the e-mail channel submits mail: the submission server, its transport security, the
/// account, the sender, and how long each stage may take (docs/configuration.md, `channels.smtp`).
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// STARTTLS (RFC 3207) on a plaintext connection.
    public enum StartTLSPolicy: String, Sendable, CaseIterable {
        /// Upgrade or fail: a server that does not offer STARTTLS is a permanent configuration failure.
        case required
        /// Upgrade when offered (a refused STARTTLS command continues in plaintext); never when not.
        case optional
        /// Never upgrade (a local relay on loopback, tests).
        case off
    }

    public var host: String
    public var port: Int
    /// TLS from the first byte (port 465, RFC 8314); `startTLS` is then not used.
    public var implicitTLS: Bool
    public var startTLS: StartTLSPolicy
    /// AUTH PLAIN or LOGIN with these, whichever the server offers (PLAIN preferred); nil: no AUTH.
    public var credentials: SMTPCredentials?
    /// The From header and the envelope sender (MAIL FROM).
    public var sender: EmailSender
    /// A PEM file of CA certificates trusted in addition to the system's (a private CA, tests).
    /// Certificate and host-name verification are always on.
    public var additionalTrustRootsFile: String?
    /// The name in EHLO/HELO: this host's fully qualified name, as RFC 5321 §4.1.1.1 asks.
    public var heloName: String
    public var connectTimeout: Duration
    /// Greeting, EHLO, STARTTLS, AUTH, RSET, MAIL, RCPT and DATA each wait this long for their reply.
    public var commandTimeout: Duration
    /// The wait for the reply after the message content (RFC 5321 §4.5.3.2.6 suggests up to 10 minutes).
    public var dataTimeout: Duration
    /// Connections kept open between messages (re-used with RSET); more are opened when sends overlap.
    public var maximumIdleConnections: Int
    /// An idle connection older than this is closed instead of re-used (servers drop idle clients).
    public var idleTimeout: Duration

    public init(host: String, port: Int? = nil, implicitTLS: Bool = false, startTLS: StartTLSPolicy = .required,
                credentials: SMTPCredentials? = nil, sender: EmailSender, additionalTrustRootsFile: String? = nil,
                heloName: String = "localhost", connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(30),
                dataTimeout: Duration = .seconds(120), maximumIdleConnections: Int = 2, idleTimeout: Duration = .seconds(60)) {
        self.host = host
        self.port = port ?? (implicitTLS ? 465 : 587)
        self.implicitTLS = implicitTLS
        self.startTLS = startTLS
        self.credentials = credentials
        self.sender = sender
        self.additionalTrustRootsFile = additionalTrustRootsFile
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
        self.maximumIdleConnections = maximumIdleConnections
        self.idleTimeout = idleTimeout
    }

    public var description: String {
        let security = implicitTLS ? "implicit TLS" : "STARTTLS \(startTLS.rawValue)"
        let account = credentials.map { " as \($0)" } ?? ""
        return "SMTP \(host):\(port) (\(security))\(account) from \(sender.address.masked)"
    }
}

/// The SMTP account. The password never prints: `description` shows the user name and `****`.
public struct SMTPCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "\(username) (password ****)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["username": username, "password": "****"]) }
}
