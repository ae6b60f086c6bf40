import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A request as a provider stand-in received it.
public struct StandInRequest: Sendable {
    public var method: String
    public var uri: String
    /// Header names lowercased; the first value of each.
    public var headers: [String: String]
    public var body: [UInt8]

    public var path: String { String(uri.prefix { $0 != "?" }) }

    /// The query string's parameters, percent-decoded.
    public var query: [String: String] {
        guard let mark = uri.firstIndex(of: "?") else { return [:] }
        return StandInRequest.formFields(String(uri[uri.index(after: mark)...]))
    }

    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

    /// `application/x-www-form-urlencoded` fields (`+` is a space, `%XY` a byte).
    public static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}

/// What a provider stand-in answers.
public struct StandInResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer (keys sorted, so tests can compare bytes).
    public static func json(_ object: [String: Any], status: Int = 200) -> StandInResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return StandInResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data))
    }
}

/// A local HTTP/1.1 server on 127.0.0.1 that answers each complete request with `handler`: the transport under
/// the provider stand-ins (Tencent Cloud, Alibaba Cloud, WeChat, WeCom), which implement the contracts.
public final class ProviderStandIn: Sendable {
    public typealias Handler = @Sendable (StandInRequest) -> StandInResponse

    public let port: Int
    private let serverChannel: any Channel
    private let tracker: ConnectionTracker

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, serverChannel: any Channel, tracker: ConnectionTracker) {
        self.port = port
        self.serverChannel = serverChannel
        self.tracker = tracker
    }

    public static func start(port: Int = 0, handler: @escaping Handler) async throws -> ProviderStandIn {
        let tracker = ConnectionTracker()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StandInRequestHandler(handler: handler, tracker: tracker))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        guard let bound = channel.localAddress?.port else {
            try? await channel.close()
            throw StandInError(description: "the stand-in's socket has no port")
        }
        return ProviderStandIn(port: bound, serverChannel: channel, tracker: tracker)
    }

    /// Stops listening and closes open connections (a client's pooled keep-alive connections included).
    public func shutdown() async throws {
        try await serverChannel.close()
        let open = tracker.open.withLock { open in
            defer { open.removeAll() }
            return Array(open.values)
        }
        for connection in open { try? await connection.close() }
    }

    struct StandInError: Error, CustomStringConvertible { let description: String }
}

final class ConnectionTracker: Sendable {
    let open = Mutex<[ObjectIdentifier: any Channel]>([:])
}

/// One connection: gathers a request, asks the handler, writes the answer.
final class StandInRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: ProviderStandIn.Handler
    private let tracker: ConnectionTracker
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping ProviderStandIn.Handler, tracker: ConnectionTracker) {
        self.handler = handler
        self.tracker = tracker
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        tracker.open.withLock { $0[ObjectIdentifier(channel)] = channel }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let channel = context.channel
        tracker.open.withLock { $0[ObjectIdentifier(channel)] = nil }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            var headers: [String: String] = [:]
            for (name, value) in head.headers where headers[name.lowercased()] == nil { headers[name.lowercased()] = value }
            let response = handler(StandInRequest(method: head.method.rawValue, uri: head.uri, headers: headers, body: body))
            var responseHeaders = HTTPHeaders(response.headers)
            responseHeaders.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            if !head.isKeepAlive { responseHeaders.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status),
                                                                 headers: responseHeaders))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !head.isKeepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
        }
    }
}
