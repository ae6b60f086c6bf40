import Foundation
import GovPushChannels
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The app backend `govpush soak` delivers to: checks each webhook's signature and, like a real receiver,
/// treats `X-GovPush-Delivery` as an idempotency key — a repeated id is answered 200 and not applied
/// again. It counts both: distinct deliveries applied, and requests that repeated an id (the provider
/// boundary's at-least-once window after a crash).
final class SoakReceiver: Sendable {
    struct Counts: Sendable {
        /// Distinct expected deliveries applied.
        var applied = 0
        /// Requests that repeated an already-applied id: the provider boundary's at-least-once window,
        /// harmless because the id makes them idempotent (answered 200, not applied again).
        var repeatedRequests = 0
        /// Requests under a delivery id no expected notification has: the same notice arriving under a
        /// second id would defeat the receiver's deduplication — a real duplicate.
        var unexpected = 0
        var badSignatures = 0
    }

    private struct State {
        var applied: Set<String> = []
        var counts = Counts()
    }

    private let expected: Set<String>
    private let signature: WebhookSignature
    private let state = Mutex(State())

    init(expected: Set<String>, secret: WebhookSecret) {
        self.expected = expected
        self.signature = WebhookSignature(secret: secret)
    }

    var counts: Counts { state.withLock { $0.counts } }

    private static let quietLogger: Logger = {
        var logger = Logger(label: "govpush.soak.receiver")
        logger.logLevel = .critical  // its start and cancellation are not news
        return logger
    }()

    /// Serves POST /deliveries on 127.0.0.1 until the task is cancelled; returns once it listens.
    func start() async throws -> (url: String, task: Task<Void, any Error>) {
        let router = Router()
        router.post("deliveries") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            return self.receive(headers: request.headers, body: Array(body.readableBytesView))
        }
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "govpush-soak"),
                                      onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
                                      logger: Self.quietLogger)
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        guard let port = await portStream.first(where: { _ in true }), port > 0 else {
            task.cancel()
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "the soak receiver did not start"])
        }
        return ("http://127.0.0.1:\(port)/deliveries", task)
    }

    private func receive(headers: HTTPFields, body: [UInt8]) -> HTTPResponse.Status {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        do {
            try signature.verify(signature: header(WebhookSignature.signatureHeader), timestamp: header(WebhookSignature.timestampHeader),
                                 body: body, now: Date())
        } catch {
            state.withLock { $0.counts.badSignatures += 1 }
            return .unauthorized
        }
        guard let id = header(WebhookSignature.deliveryHeader) else { return .badRequest }
        state.withLock { state in
            if !expected.contains(id) {
                state.counts.unexpected += 1
            } else if state.applied.insert(id).inserted {
                state.counts.applied += 1
            } else {
                state.counts.repeatedRequests += 1  // acknowledged, not applied again
            }
        }
        return .ok
    }
}
