import Logging
import NIOSSL

/// Submits messages to one SMTP server, re-using connections: after a message, the session goes back to a
/// small idle pool; the next message takes it and sends RSET first. A connection the server has closed or
/// answers with 421 (idle timeout, restart, message quota) is dropped and a fresh one opened — safe, since
/// nothing of the message was sent on it yet. Failures after that point are reported, not retried here:
/// the deliverer's retry policy decides.
public actor SMTPClient {
    public let configuration: SMTPConfiguration
    private let tls: NIOSSLContext
    private let logger: Logger
    private var idle: [(session: SMTPSession, since: ContinuousClock.Instant)] = []
    private var connectionsOpened = 0
    private let clock = ContinuousClock()

    /// - Throws: `SMTPError.invalidConfiguration` when the TLS set-up (the extra CA file) cannot be loaded.
    public init(configuration: SMTPConfiguration, logger: Logger = Logger(label: "govpush.smtp")) throws(SMTPError) {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        tlsConfiguration.certificateVerification = .fullVerification
        tlsConfiguration.minimumTLSVersion = .tlsv12
        if let file = configuration.additionalTrustRootsFile {
            // Loaded here, once, so an unreadable or malformed file fails at start-up, not per message.
            do { _ = try NIOSSLCertificate.fromPEMFile(file) } catch {
                throw .invalidConfiguration("cannot read CA certificates from \(file): \(error)")
            }
            tlsConfiguration.additionalTrustRoots = [.file(file)]
        }
        do { tls = try NIOSSLContext(configuration: tlsConfiguration) } catch {
            throw .invalidConfiguration("TLS set-up failed: \(error)")
        }
        self.configuration = configuration
        self.logger = logger
    }

    /// How many connections this client has opened so far (tests and metrics).
    public var openedConnectionCount: Int { connectionsOpened }

    /// Runs one mail transaction and reports each recipient's fate; throws when the session itself failed
    /// (connection, TLS, authentication, the server refusing service).
    public func send(_ envelope: SMTPEnvelope) async throws(SMTPError) -> SMTPDeliveryReport {
        while true {
            let (session, reused) = try await lease()
            if reused {
                do { try await session.reset(timeout: configuration.commandTimeout) } catch {
                    logger.debug("SMTP connection no longer usable; opening another",
                                 metadata: ["connection": "\(session.connection.number)", "error": "\(error)"])
                    await session.connection.close()
                    continue
                }
            }
            do throws(SMTPError) {
                let report = try await SMTPTransaction.run(envelope, on: session, commandTimeout: configuration.commandTimeout,
                                                           dataTimeout: configuration.dataTimeout)
                await giveBack(session)
                return report
            } catch {
                await session.connection.quit()
                throw error
            }
        }
    }

    /// Closes the idle connections (QUIT). Sends in flight finish on their own connections.
    public func shutdown() async {
        let sessions = idle.map(\.session)
        idle.removeAll()
        for session in sessions { await session.connection.quit() }
    }

    private func lease() async throws(SMTPError) -> (SMTPSession, reused: Bool) {
        let now = clock.now
        while let entry = idle.popLast() {
            if now - entry.since < configuration.idleTimeout, entry.session.connection.isActive { return (entry.session, true) }
            await entry.session.connection.quit()
        }
        connectionsOpened += 1
        let session = try await SMTPSession.open(configuration, tls: tls, number: connectionsOpened, logger: logger)
        return (session, false)
    }

    private func giveBack(_ session: SMTPSession) async {
        guard idle.count < configuration.maximumIdleConnections, session.connection.isActive else {
            await session.connection.quit()
            return
        }
        idle.append((session, clock.now))
    }
}
