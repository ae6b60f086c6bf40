import Foundation
import GovPushChannels
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A local app-backend stand-in on 127.0.0.1 that implements the webhook contract (docs/channels.md): it
/// verifies `X-GovPush-Signature` and the timestamp's skew (401 otherwise), answers scripted replies in
/// request order (200 once the script runs out), and counts accepted deliveries per `X-GovPush-Delivery`,
/// so tests and the soak can assert "exactly once".
///
/// ```swift
/// let receiver = try await WebhookReceiver.start(secret: secret)
/// receiver.script(.status(500), .status(429, retryAfter: 2), .delay(.seconds(3)))
/// … AppWebhookConfiguration(endpoint: receiver.url, secret: secret) …
/// try await receiver.shutdown()
/// ```
public final class WebhookReceiver: Sendable {
    /// One scripted answer.
    public struct Reply: Sendable, Equatable {
        public var status: Int
        /// `Retry-After` seconds, when set.
        public var retryAfter: Int?
        /// How long to wait before answering (to exceed a client's timeout).
        public var delay: Duration
        /// 2xx only: put the receiver's id in `X-Request-Id` (true) or only in the JSON body's `id` (false).
        public var requestIDInHeader: Bool

        public static func status(_ status: Int, retryAfter: Int? = nil) -> Reply {
            Reply(status: status, retryAfter: retryAfter, delay: .zero, requestIDInHeader: true)
        }

        public static func delay(_ delay: Duration, then reply: Reply = .status(200)) -> Reply {
            var reply = reply
            reply.delay = delay
            return reply
        }

        /// 200 with the id only in the JSON body `{"id": …}`.
        public static var acceptedWithBodyID: Reply {
            Reply(status: 200, retryAfter: nil, delay: .zero, requestIDInHeader: false)
        }
    }

    /// A request as received, signed or not, with the status it was answered.
    public struct ReceivedRequest: Sendable {
        public var method: String
        public var uri: String
        /// Header names lowercased; the first value of each.
        public var headers: [String: String]
        public var body: [UInt8]
        public var status: Int
        /// Why the signature check failed, when it did.
        public var signatureFailure: WebhookSignature.Failure?

        public var deliveryID: String? { headers[WebhookSignature.deliveryHeader.lowercased()] }
        /// The body as a JSON object.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    struct State {
        var script: [Reply] = []
        var requests: [ReceivedRequest] = []
        var accepted: [String: Int] = [:]
        var acceptedCount = 0
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    /// The bound port (the OS picks one when started with port 0).
    public let port: Int
    let signature: WebhookSignature
    let state: Mutex<State>
    private let serverChannel: any Channel

    /// `http://127.0.0.1:<port>/deliveries`.
    public var url: String { "http://127.0.0.1:\(port)/deliveries" }

    private init(port: Int, signature: WebhookSignature, serverChannel: any Channel) {
        self.port = port
        self.signature = signature
        self.serverChannel = serverChannel
        self.state = Mutex(State())
    }

    /// Starts listening on 127.0.0.1:`port`; port 0 asks the OS for a free one.
    public static func start(secret: WebhookSecret, maximumClockSkew: Duration = .seconds(300),
                             port: Int = 0) async throws -> WebhookReceiver {
        let signature = WebhookSignature(secret: secret, maximumClockSkew: maximumClockSkew)
        let box = ReceiverBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(WebhookRequestHandler(receiver: box))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        guard let bound = channel.localAddress?.port else {
            try? await channel.close()
            throw ReceiverError.noBoundPort
        }
        let receiver = WebhookReceiver(port: bound, signature: signature, serverChannel: channel)
        box.receiver.withLock { $0 = receiver }
        return receiver
    }

    /// Appends replies for the next signed requests, in order.
    public func script(_ replies: Reply...) {
        state.withLock { $0.script.append(contentsOf: replies) }
    }

    /// How many times `deliveryID` was accepted (answered 2xx after a valid signature).
    public func acceptedCount(of deliveryID: String) -> Int {
        state.withLock { $0.accepted[deliveryID, default: 0] }
    }

    /// Accepted deliveries and how often each was accepted.
    public var acceptedDeliveries: [String: Int] { state.withLock { $0.accepted } }

    /// Every request received, in order.
    public var requests: [ReceivedRequest] { state.withLock { $0.requests } }

    /// Stops listening and closes open connections (a client's pooled keep-alive connections included).
    public func shutdown() async throws {
        try await serverChannel.close()
        let open = state.withLock { state in
            defer { state.connections.removeAll() }
            return Array(state.connections.values)
        }
        for connection in open { try? await connection.close() }
    }

    enum ReceiverError: Error, CustomStringConvertible {
        case noBoundPort
        var description: String { "the webhook receiver's socket has no port" }
    }

    /// Decides the answer to a complete request and records it.
    func answer(method: String, uri: String, headers: HTTPHeaders, body: [UInt8]) -> Reply {
        var flat: [String: String] = [:]
        for (name, value) in headers where flat[name.lowercased()] == nil { flat[name.lowercased()] = value }
        var failure: WebhookSignature.Failure?
        do {
            try signature.verify(signature: headers.first(name: WebhookSignature.signatureHeader),
                                 timestamp: headers.first(name: WebhookSignature.timestampHeader),
                                 body: body, now: Date())
        } catch {
            failure = error
        }
        return state.withLock { state in
            let reply = failure == nil ? (state.script.isEmpty ? .status(200) : state.script.removeFirst()) : .status(401)
            state.requests.append(ReceivedRequest(method: method, uri: uri, headers: flat, body: body,
                                                  status: reply.status, signatureFailure: failure))
            return reply
        }
    }

    /// Called when a 2xx answer is written; returns the receiver's id for it.
    func recordAcceptance(deliveryID: String?) -> String {
        state.withLock { state in
            state.acceptedCount += 1
            if let deliveryID { state.accepted[deliveryID, default: 0] += 1 }
            return "receiver-\(state.acceptedCount)"
        }
    }

    func track(_ channel: any Channel, open: Bool) {
        state.withLock { state in
            if open { state.connections[ObjectIdentifier(channel)] = channel } else {
                state.connections[ObjectIdentifier(channel)] = nil
            }
        }
    }
}

/// Lets connection handlers, created before `start` returns, reach the receiver.
final class ReceiverBox: Sendable {
    let receiver = Mutex<WebhookReceiver?>(nil)
}
