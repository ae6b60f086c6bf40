import Foundation

/// A real SMTP server for tests: Python's aiosmtpd driven by `Tests/Servers/smtp_test_server.py`, on a port
/// of 127.0.0.1 the OS picks. It writes every accepted message to `mailDirectory`, with Python's `email`
/// package's reading of it (an independent MIME decoder), and can be told to use TLS, demand AUTH,
/// refuse chosen recipients, refuse EHLO, announce PIPELINING, or close connections after N messages.
public final class SMTPTestServer: Sendable {
    public struct Options: Sendable {
        /// STARTTLS offered with this certificate (or the whole connection TLS with `implicitTLS`).
        public var certificate: TestCertificates.ServerIdentity?
        public var implicitTLS = false
        /// Refuse mail commands until STARTTLS (530).
        public var requireStartTLS = false
        /// AUTH required, with these credentials.
        public var credentials: (username: String, password: String)?
        public var authMechanisms = ["PLAIN", "LOGIN"]
        /// A whole reply line per recipient address, e.g. `"busy@example.com": "450 4.2.1 Mailbox busy"`.
        public var recipientReplies: [String: String] = [:]
        public var refuseEHLO = false
        public var pipelining = false
        public var smtpUTF8 = false
        /// After this many messages on a connection, answer the next command with 421 and close it.
        public var closeAfterMessages: Int?
        /// Accept connections and never answer (no greeting): for timeouts.
        public var silent = false

        public init() {}
    }

    /// What the server received, decoded by Python's `email` package.
    public struct ReceivedMessage: Decodable, Sendable {
        public let connection: Int
        public let mailFrom: String
        public let mailOptions: [String]
        public let rcptTos: [String]
        public let tls: Bool
        public let authenticatedAs: String?
        public let pipelined: Bool
        public let subject: String
        public let fromName: String?
        public let fromAddress: String?
        public let to: String
        public let messageID: String
        public let date: String
        public let mimeVersion: String
        public let contentType: String
        public let text: String?
        public let textTransferEncoding: String?
        public let html: String?
        public let htmlTransferEncoding: String?
        public let headerDefects: [String]
        public let longestLine: Int
        public let bareLineFeeds: Int

        enum CodingKeys: String, CodingKey {
            case connection, tls, pipelined, subject, to, date, text, html
            case mailFrom = "mail_from", mailOptions = "mail_options", rcptTos = "rcpt_tos"
            case authenticatedAs = "authenticated_as", fromName = "from_name", fromAddress = "from_address"
            case messageID = "message_id", mimeVersion = "mime_version", contentType = "content_type"
            case textTransferEncoding = "text_transfer_encoding", htmlTransferEncoding = "html_transfer_encoding"
            case headerDefects = "header_defects", longestLine = "longest_line", bareLineFeeds = "bare_line_feeds"
        }
    }

    public let port: Int
    public let mailDirectory: URL
    private let process: BackgroundProcess

    private init(port: Int, mailDirectory: URL, process: BackgroundProcess) {
        self.port = port
        self.mailDirectory = mailDirectory
        self.process = process
    }

    public static var script: URL { RepositoryFiles.url("Tests/Servers/smtp_test_server.py") }

    /// Starts the server and waits (bounded) until it listens.
    public static func start(_ options: Options = Options()) async throws -> SMTPTestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = [script.path, "--maildir", directory.path, "--auth-mechanisms", options.authMechanisms.joined(separator: ",")]
        if let certificate = options.certificate { arguments += ["--cert", certificate.certificateFile.path, "--key", certificate.keyFile.path] }
        if options.implicitTLS { arguments.append("--implicit-tls") }
        if options.requireStartTLS { arguments.append("--require-starttls") }
        if let credentials = options.credentials { arguments += ["--user", credentials.username, "--password", credentials.password] }
        for (address, reply) in options.recipientReplies.sorted(by: { $0.key < $1.key }) { arguments += ["--rcpt-reply", "\(address)=\(reply)"] }
        if options.refuseEHLO { arguments.append("--refuse-ehlo") }
        if options.pipelining { arguments.append("--pipelining") }
        if options.smtpUTF8 { arguments.append("--smtputf8") }
        if options.silent { arguments.append("--silent") }
        if let count = options.closeAfterMessages { arguments += ["--close-after-messages", String(count)] }

        let python = try ChildProcess(searching: ["python3"])
        let process = try BackgroundProcess(python.executable, arguments)
        let line = try await process.firstLine(timeout: .seconds(30))
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "listening", words[1] == "127.0.0.1", let port = Int(words[2]) else {
            throw BackgroundProcess.Timeout(description: "SMTP test server did not start: \(line) \(process.stderr)")
        }
        return SMTPTestServer(port: port, mailDirectory: directory, process: process)
    }

    /// Connections accepted so far.
    public var connectionCount: Int {
        (try? String(contentsOf: mailDirectory.appendingPathComponent("connections"), encoding: .utf8)).flatMap { Int($0) } ?? 0
    }

    /// Every message accepted so far, in order.
    public func receivedMessages() throws -> [ReceivedMessage] {
        let files = try FileManager.default.contentsOfDirectory(atPath: mailDirectory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted { (Int($0.dropLast(5)) ?? 0) < (Int($1.dropLast(5)) ?? 0) }
        return try files.map { name in
            try JSONDecoder().decode(ReceivedMessage.self, from: Data(contentsOf: mailDirectory.appendingPathComponent(name)))
        }
    }

    /// The raw bytes of message `number` (1-based) as received, after SMTP dot-unstuffing.
    public func rawMessage(_ number: Int) throws -> [UInt8] {
        Array(try Data(contentsOf: mailDirectory.appendingPathComponent("\(number).eml")))
    }

    /// What the server printed on stderr (aiosmtpd's log), for failure messages.
    public var log: String { process.stderr }

    public func shutdown() async throws {
        process.signal(SIGTERM)
        _ = try await process.waitForExit(timeout: .seconds(10))
        try? FileManager.default.removeItem(at: mailDirectory)
    }
}
