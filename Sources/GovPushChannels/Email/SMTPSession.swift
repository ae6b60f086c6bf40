import Logging
import NIOSSL

/// A connection that has been greeted, said EHLO (or HELO), upgraded to TLS as the policy says, and
/// authenticated: ready for mail transactions, one after another.
final class SMTPSession: Sendable {
    let connection: SMTPConnection
    /// What the server announced, after TLS when TLS was started (RFC 3207 §4.2: earlier knowledge is void).
    let capabilities: SMTPServerCapabilities
    let isEncrypted: Bool

    private init(connection: SMTPConnection, capabilities: SMTPServerCapabilities, isEncrypted: Bool) {
        self.connection = connection
        self.capabilities = capabilities
        self.isEncrypted = isEncrypted
    }

    static func open(_ configuration: SMTPConfiguration, tls: NIOSSLContext, number: Int,
                     logger: Logger) async throws(SMTPError) -> SMTPSession {
        let timeout = configuration.commandTimeout
        let connection = try await SMTPConnection.connect(
            host: configuration.host, port: configuration.port, tls: configuration.implicitTLS ? tls : nil,
            connectTimeout: configuration.connectTimeout, number: number)
        do throws(SMTPError) {
            let greeting = try await connection.greeting(timeout: timeout)
            guard greeting.code == 220 else { throw SMTPError.rejected(.greeting, greeting) }
            var capabilities = try await hello(configuration.heloName, on: connection, timeout: timeout)
            var isEncrypted = configuration.implicitTLS
            if !configuration.implicitTLS, configuration.startTLS != .off {
                if capabilities.startTLS {
                    let reply = try await connection.send(.startTLS, timeout: timeout)
                    if reply.code == 220 {
                        try await connection.upgradeToTLS(context: tls, serverHostname: SMTPConnection.serverHostname(for: configuration.host))
                        isEncrypted = true
                        capabilities = try await hello(configuration.heloName, on: connection, timeout: timeout)
                    } else if configuration.startTLS == .required {
                        throw SMTPError.rejected(.startTLS, reply)
                    } else {
                        logger.warning("SMTP server refused STARTTLS; continuing without TLS (starttls: optional)",
                                       metadata: ["connection": "\(number)", "reply": "\(reply)"])
                    }
                } else if configuration.startTLS == .required {
                    throw SMTPError.startTLSNotOffered
                }
            }
            if let credentials = configuration.credentials {
                try await SMTPAuthentication.authenticate(credentials, offered: capabilities.authenticationMechanisms,
                                                          on: connection, timeout: timeout)
            }
            logger.debug("SMTP session open", metadata: [
                "connection": "\(number)", "tls": "\(isEncrypted)", "esmtp": "\(capabilities.supportsExtendedSMTP)",
                "pipelining": "\(capabilities.pipelining)", "authenticated": "\(configuration.credentials != nil)",
            ])
            return SMTPSession(connection: connection, capabilities: capabilities, isEncrypted: isEncrypted)
        } catch {
            await connection.quit()
            throw error
        }
    }

    /// EHLO; a server that refuses it with 500/502/504/550 (no ESMTP) gets HELO (RFC 5321 §3.2).
    private static func hello(_ name: String, on connection: SMTPConnection, timeout: Duration) async throws(SMTPError) -> SMTPServerCapabilities {
        let reply = try await connection.send(.ehlo(name), timeout: timeout)
        if reply.code == 250 { return SMTPServerCapabilities(ehloReply: reply) }
        guard reply.isPermanentFailure else { throw .rejected(.hello, reply) }
        let helo = try await connection.send(.helo(name), timeout: timeout)
        guard helo.code == 250 else { throw .rejected(.hello, helo) }
        return .plainSMTP
    }

    /// RSET before re-using the connection for another message: clears any state and proves the
    /// connection is alive. Throws when it is not (closed, 421, no answer).
    func reset(timeout: Duration) async throws(SMTPError) {
        let reply = try await connection.send(.reset, timeout: timeout)
        guard reply.code == 250 else { throw .rejected(.reset, reply) }
    }
}
