import NIOCore
import NIOHTTP1

/// One connection of the webhook receiver: gathers a request, asks the receiver for the reply, writes it
/// (after the scripted delay) and records 2xx acceptances.
final class WebhookRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let box: ReceiverBox
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(receiver: ReceiverBox) {
        self.box = receiver
    }

    func channelActive(context: ChannelHandlerContext) {
        box.receiver.withLock { $0 }?.track(context.channel, open: true)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        box.receiver.withLock { $0 }?.track(context.channel, open: false)
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
            guard let head, let receiver = box.receiver.withLock({ $0 }) else { return }
            self.head = nil
            let reply = receiver.answer(method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body)
            let deliveryID = head.headers.first(name: "X-GovPush-Delivery")
            let keepAlive = head.isKeepAlive
            if reply.delay == .zero {
                respond(context: context, reply: reply, deliveryID: deliveryID, keepAlive: keepAlive, receiver: receiver)
            } else {
                let loop = context.eventLoop.assumeIsolated()
                loop.scheduleTask(in: TimeAmount(reply.delay)) {
                    self.respond(context: context, reply: reply, deliveryID: deliveryID, keepAlive: keepAlive,
                                 receiver: receiver)
                }
            }
        }
    }

    private func respond(context: ChannelHandlerContext, reply: WebhookReceiver.Reply, deliveryID: String?,
                         keepAlive: Bool, receiver: WebhookReceiver) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        var payload = #"{"error":"status \#(reply.status)"}"#
        if (200..<300).contains(reply.status) {
            let id = receiver.recordAcceptance(deliveryID: deliveryID)
            if reply.requestIDInHeader { headers.add(name: "X-Request-Id", value: id) }
            payload = #"{"id":"\#(id)"}"#
        }
        if let retryAfter = reply.retryAfter { headers.add(name: "Retry-After", value: String(retryAfter)) }
        headers.add(name: "Content-Length", value: String(payload.utf8.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: reply.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                      promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: payload)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
