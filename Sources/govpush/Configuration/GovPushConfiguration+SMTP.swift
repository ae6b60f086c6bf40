import GovPushChannels

/// `channels.smtp` and its `GOVPUSH_SMTP_*` variables: read, checked, and turned into the e-mail channel's
/// `SMTPConfiguration` (docs/configuration.md).
extension GovPushConfiguration {
    static let smtpEnvironmentKeys: [(variable: String, key: String)] = [
        ("GOVPUSH_SMTP_HOST", "channels.smtp.host"),
        ("GOVPUSH_SMTP_PORT", "channels.smtp.port"),
        ("GOVPUSH_SMTP_USERNAME", "channels.smtp.username"),
        ("GOVPUSH_SMTP_PASSWORD", "channels.smtp.password"),
        ("GOVPUSH_SMTP_FROM", "channels.smtp.from"),
        ("GOVPUSH_SMTP_STARTTLS", "channels.smtp.starttls"),
        ("GOVPUSH_SMTP_CA_FILE", "channels.smtp.caFile"),
    ]

    mutating func applySMTP(_ value: (String) -> String?) throws {
        func set(_ update: (inout SMTP) -> Void) {
            var smtp = channels.smtp ?? SMTP()
            update(&smtp)
            channels.smtp = smtp
        }
        if let v = value("GOVPUSH_SMTP_HOST") { set { $0.host = v } }
        if let v = value("GOVPUSH_SMTP_PORT") {
            guard let port = Int(v) else { throw Problem(description: "GOVPUSH_SMTP_PORT=\(v) is not a port number") }
            set { $0.port = port }
        }
        if let v = value("GOVPUSH_SMTP_USERNAME") { set { $0.username = v } }
        if let v = value("GOVPUSH_SMTP_PASSWORD") { set { $0.password = v } }
        if let v = value("GOVPUSH_SMTP_FROM") { set { $0.from = v } }
        if let v = value("GOVPUSH_SMTP_STARTTLS") { set { $0.starttls = v } }
        if let v = value("GOVPUSH_SMTP_CA_FILE") { set { $0.caFile = v } }
    }

    /// Checks what is set; whether enough is set is decided when the live e-mail channel is built.
    func validateSMTP() throws {
        guard let smtp = channels.smtp else { return }
        if let port = smtp.port, !(1...65_535).contains(port) {
            throw Problem(description: "channels.smtp.port must be 1-65535, got \(port)")
        }
        if let policy = smtp.starttls, SMTPConfiguration.StartTLSPolicy(rawValue: policy) == nil {
            throw Problem(description: "channels.smtp.starttls (GOVPUSH_SMTP_STARTTLS) must be required, optional or off, got \"\(policy)\"")
        }
        if (smtp.username == nil) != (smtp.password == nil) {
            throw Problem(description: "channels.smtp.username and channels.smtp.password (GOVPUSH_SMTP_USERNAME, GOVPUSH_SMTP_PASSWORD) go together")
        }
        if let from = smtp.from {
            do { _ = try EmailSender(parsing: from) } catch {
                throw Problem(description: "channels.smtp.from (GOVPUSH_SMTP_FROM): \(error)")
            }
        }
        if let timeout = smtp.timeoutSeconds, timeout <= 0 {
            throw Problem(description: "channels.smtp.timeoutSeconds must be positive")
        }
    }

    /// The e-mail channel's configuration, or a message naming what is missing.
    func smtpConfiguration() throws -> SMTPConfiguration {
        guard let smtp = channels.smtp, let host = smtp.host, !host.isEmpty, let from = smtp.from else {
            throw Problem(description: "channel email needs channels.smtp.host and channels.smtp.from (GOVPUSH_SMTP_HOST, GOVPUSH_SMTP_FROM)")
        }
        let sender: EmailSender
        do { sender = try EmailSender(parsing: from) } catch {
            throw Problem(description: "channels.smtp.from (GOVPUSH_SMTP_FROM): \(error)")
        }
        let implicitTLS = smtp.implicitTLS ?? (smtp.port == 465)
        var configuration = SMTPConfiguration(
            host: host, port: smtp.port, implicitTLS: implicitTLS,
            startTLS: smtp.starttls.flatMap(SMTPConfiguration.StartTLSPolicy.init(rawValue:)) ?? .required,
            credentials: smtp.username.flatMap { user in smtp.password.map { SMTPCredentials(username: user, password: $0) } },
            sender: sender, additionalTrustRootsFile: smtp.caFile)
        if let name = smtp.heloName { configuration.heloName = name }
        if let seconds = smtp.timeoutSeconds { configuration.commandTimeout = .milliseconds(Int(seconds * 1000)) }
        return configuration
    }
}
