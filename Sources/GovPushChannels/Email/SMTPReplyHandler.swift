import NIOCore
import NIOSSL

/// The SMTP client's end of the channel pipeline: parses replies and hands them, in order, to whoever is
/// waiting for one. Replies that arrive before anyone waits (the greeting, a 421 sent to an idle
/// connection) are queued, so a connection taken from the pool sees such a 421 as the answer to its RSET.
///
/// Once the connection fails (closed, TLS error, garbage), every waiting and later request fails with that
/// first error. Event-loop only.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var received = CircularBuffer<SMTPReply>()
    private var failure: SMTPError?
    /// What failures are named after: set by the connection before each exchange.
    var stage: SMTPStage = .greeting

    /// True when the server sent bytes nobody asked for yet (checked after a STARTTLS reply).
    var hasUnrequestedInput: Bool { !received.isEmpty || parser.hasBufferedBytes }
    var isFailed: Bool { failure != nil }

    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if let reply = received.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        parser.append(unwrapInboundIn(data))
        do {
            while let reply = try parser.nextReply() {
                if let promise = waiting.popFirst() { promise.succeed(reply) } else { received.append(reply) }
            }
        } catch {
            fail(.malformedReply("\(error)"))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed(stage))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.classify(error, stage: stage))
        context.close(promise: nil)
    }

    /// Fails every waiting request (the first failure wins; later ones are consequences of it).
    func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        while let promise = waiting.popFirst() { promise.fail(failure!) }
    }

    static func classify(_ error: any Error, stage: SMTPStage) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return .tlsFailed("the certificate does not name the server (\(error))", certificateRejected: true)
        }
        if let error = error as? NIOSSLError {
            let text = "\(error)"
            // BoringSSL reports a certificate it could not verify as CERTIFICATE_VERIFY_FAILED.
            let rejected = text.uppercased().contains("CERTIFICATE_VERIFY_FAILED")
            if case .uncleanShutdown = error { return .connectionClosed(stage) }
            return .tlsFailed(text, certificateRejected: rejected)
        }
        if error is NIOSSLExtraError { return .tlsFailed("\(error)", certificateRejected: false) }
        // Resets, broken pipes and the like: the connection is gone at this stage.
        return .connectionClosed(stage)
    }
}
