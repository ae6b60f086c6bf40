import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (optionally TLS) connection to an SMTP server: writes commands, waits for their replies. Every
/// exchange has a deadline; when it passes, the connection is closed, because its state is unknown then.
final class SMTPConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    /// Numbers connections within one client, for logs.
    let number: Int

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, number: Int) {
        self.channel = channel
        self.handler = handler
        self.number = number
    }

    /// Connects; with `tls`, TLS starts at once (implicit TLS, port 465, RFC 8314).
    static func connect(host: String, port: Int, tls: NIOSSLContext?, connectTimeout: Duration,
                        number: Int) async throws(SMTPError) -> SMTPConnection {
        let serverHostname = Self.serverHostname(for: host)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
        let channel: any Channel
        do { channel = try await bootstrap.connect(host: host, port: port).get() } catch {
            throw .connectionFailed("\(host):\(port): \(error)")
        }
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return SMTPConnection(channel: channel, handler: handler, number: number)
        } catch {
            try? await channel.close()
            throw .connectionClosed(.connect)
        }
    }

    /// The name TLS verifies and sends as SNI; nil for an IP literal, whose certificate must then carry the
    /// address as an IP subject alternative name (NIOSSL checks it against the peer address).
    static func serverHostname(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    var isActive: Bool { channel.isActive }

    /// The server's opening reply (sent unasked on connect).
    func greeting(timeout: Duration) async throws(SMTPError) -> SMTPReply {
        try await exchange(nil, replies: 1, stage: .greeting, timeout: timeout)[0]
    }

    /// Sends the commands in one write and waits for one reply each (several at once only under PIPELINING).
    func send(_ commands: [SMTPCommand], timeout: Duration) async throws(SMTPError) -> [SMTPReply] {
        guard let stage = commands.first?.stage else { return [] }
        var bytes = ByteBuffer()
        for command in commands { bytes.writeString(command.line) }
        return try await exchange(bytes, replies: commands.count, stage: stage, timeout: timeout)
    }

    func send(_ command: SMTPCommand, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        try await send([command], timeout: timeout)[0]
    }

    /// Writes raw bytes (the dot-stuffed message and its terminator) and waits for the one reply to them.
    func sendMessageContent(_ bytes: ByteBuffer, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        try await exchange(bytes, replies: 1, stage: .messageBody, timeout: timeout)[0]
    }

    /// After a 220 answer to STARTTLS: TLS from here on (RFC 3207). Plaintext the server sent after its
    /// reply is refused rather than read as if it had come over TLS.
    func upgradeToTLS(context: NIOSSLContext, serverHostname: String?) async throws(SMTPError) {
        let handler = self.handler, channel = self.channel
        do {
            try await channel.eventLoop.submit {
                handler.value.stage = .tlsHandshake
                guard !handler.value.hasUnrequestedInput else {
                    throw SMTPError.protocolViolation("plaintext after the STARTTLS reply")
                }
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            }.get()
        } catch {
            try? await channel.close()
            throw SMTPReplyHandler.classify(error, stage: .tlsHandshake)
        }
    }

    /// QUIT (politely, briefly) and close.
    func quit(timeout: Duration = .seconds(2)) async {
        if channel.isActive { _ = try? await send(.quit, timeout: timeout) }
        await close()
    }

    func close() async {
        try? await channel.close()
    }

    private func exchange(_ bytes: ByteBuffer?, replies count: Int, stage: SMTPStage,
                          timeout: Duration) async throws(SMTPError) -> [SMTPReply] {
        let handler = self.handler, channel = self.channel
        let eventLoop = channel.eventLoop
        let future = eventLoop.flatSubmit { () -> EventLoopFuture<[SMTPReply]> in
            let replyHandler = handler.value
            replyHandler.stage = stage
            // Wait first, write second: a fast server's reply must find its waiter.
            let replies = (0..<count).map { _ in replyHandler.nextReply(on: eventLoop) }
            if let bytes, !replyHandler.isFailed {
                channel.writeAndFlush(bytes).whenFailure { error in
                    handler.value.fail(SMTPReplyHandler.classify(error, stage: stage))
                }
            }
            let all = EventLoopFuture.whenAllSucceed(replies, on: eventLoop)
            let deadline = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                handler.value.fail(.timedOut(stage))
                channel.close(promise: nil)
            }
            all.whenComplete { _ in deadline.cancel() }
            return all
        }
        do { return try await future.get() } catch {
            throw SMTPReplyHandler.classify(error, stage: stage)
        }
    }
}
