import AsyncHTTPClient
import Foundation
import GovPushDomain
import Logging
import NIOCore

/// Posts notices into village/community WeCom groups (村（居）民微信群) through their group bots
/// (`cgi-bin/webhook/send?key=…`), as text or markdown.
///
/// A notice longer than the message type allows (2048 / 4096 UTF-8 bytes) goes out as several messages, cut on
/// character boundaries. Each bot takes at most 20 messages a minute: `WeComSendWindow` keeps count and answers
/// `.transient(retryAfter:)` when a notice does not fit, rather than blocking the worker.
public struct WeComGroupBotChannel: NotificationChannel {
    public var kind: ChannelKind { .wecomGroup }

    public let configuration: WeComBotConfiguration
    private let window: WeComSendWindow
    private let exchange: ProviderExchange
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// - Parameter window: shared by every channel instance that posts to the same bots in this process.
    public init(configuration: WeComBotConfiguration, window: WeComSendWindow? = nil,
                httpClient: HTTPClient = AppWebhookChannel.sharedHTTPClient, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "govpush.channel.wecom-group")) {
        self.configuration = configuration
        self.window = window ?? WeComSendWindow(limit: configuration.messagesPerMinute)
        self.exchange = ProviderExchange(httpClient: httpClient, timeout: configuration.timeout,
                                         maximumResponseBytes: configuration.maximumResponseBytes)
        self.now = now
        self.logger = logger
    }

    public func send(_ notification: OutgoingNotification) async -> ChannelOutcome {
        guard case .wecomGroup(let key) = notification.address else {
            return .permanent(reason: "delivery \(notification.deliveryID): address is \(notification.address.kind), not a WeCom bot key")
        }
        let delivery = notification.deliveryID
        let parts = WeComMessageSplitter.split(content(notification.message), maximumBytes: configuration.messageType.maximumBytes)
        let alreadySent = window.partsSent(delivery: delivery)
        let remaining = Array(parts.dropFirst(alreadySent))
        guard remaining.count <= window.limit else {
            return .permanent(reason: "delivery \(delivery): \(parts.count) WeCom messages exceed the bot's \(window.limit) a minute")
        }
        if let wait = window.admit(bot: key.clearText, count: remaining.count, now: now()) {
            return .transient(reason: "delivery \(delivery): WeCom bot \(key.masked) is at its \(window.limit) messages a minute", retryAfter: wait)
        }
        var outcome = ChannelOutcome.delivered(providerReference: nil)
        for (offset, part) in remaining.enumerated() {
            outcome = await post(part, key: key, deliveryID: delivery)
            guard case .delivered = outcome else { break }
            window.recordPartsSent(alreadySent + offset + 1, delivery: delivery)
        }
        if case .transient = outcome {} else { window.forget(delivery: delivery) }
        logger.debug("wecom attempt", metadata: [
            "delivery": "\(delivery)", "bot": "\(key.masked)", "parts": "\(parts.count)", "outcome": "\(outcome)",
        ])
        return outcome
    }

    private func post(_ content: String, key: WeComBotKey, deliveryID: String) async -> ChannelOutcome {
        let type = configuration.messageType.rawValue
        let body: [UInt8]
        do {
            body = Array(try JSONSerialization.data(withJSONObject: ["msgtype": type, type: ["content": content]] as [String: Any],
                                                     options: [.sortedKeys, .withoutEscapingSlashes]))
        } catch {
            return .permanent(reason: "delivery \(deliveryID): WeCom message could not be encoded: \(error)")
        }
        let separator = configuration.endpoint.contains("?") ? "&" : "?"
        let url = configuration.endpoint + separator + "key=" + AliyunRPCSignature.percentEncode(key.clearText)
        switch await exchange.send(ProviderExchange.jsonPOST(url, body: body)) {
        case .failure(let unreachable):
            return .transient(reason: "WeCom bot webhook unreachable: \(Self.scrub(unreachable.description, key: key)) (delivery \(deliveryID))", retryAfter: nil)
        case .success(let answer):
            return WeComResponseClassification.outcome(status: answer.status, errcode: (answer.json?["errcode"] as? NSNumber)?.intValue,
                                                       deliveryID: deliveryID)
        }
    }

    /// Title, body and link as one message in the configured type.
    public func content(_ message: RenderedMessage) -> String {
        let link = message.url.flatMap { message.body.contains($0) ? nil : $0 }
        switch configuration.messageType {
        case .text:
            return ([message.title, message.body] + (link.map { [$0] } ?? [])).joined(separator: "\n")
        case .markdown:
            return "**\(message.title)**\n\(message.body)" + (link.map { "\n[查看详情](\($0))" } ?? "")
        }
    }

    /// Error texts can quote the request URL, which carries the key.
    static func scrub(_ text: String, key: WeComBotKey) -> String {
        text.replacingOccurrences(of: key.clearText, with: key.masked)
    }
}
