/// How GovPush posts to WeCom group bots (企业微信群机器人): the webhook endpoint (each group's key is its
/// subscriber address), the message type, and the bot's rate limit.
public struct WeComBotConfiguration: Sendable, CustomStringConvertible {
    public enum MessageType: String, Sendable, CaseIterable {
        /// `msgtype: text`, content at most 2048 UTF-8 bytes.
        case text
        /// `msgtype: markdown`, content at most 4096 UTF-8 bytes: a bold title and a link.
        case markdown

        public var maximumBytes: Int { self == .text ? 2048 : 4096 }
    }

    /// `https://qyapi.weixin.qq.com/cgi-bin/webhook/send`; `?key=<bot key>` is added per message.
    public var endpoint: String
    public var messageType: MessageType
    /// WeCom allows 20 messages a minute per bot; GovPush keeps under it itself.
    public var messagesPerMinute: Int
    public var timeout: Duration
    public var maximumResponseBytes: Int

    public static let defaultEndpoint = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"

    public init(endpoint: String = WeComBotConfiguration.defaultEndpoint, messageType: MessageType = .text,
                messagesPerMinute: Int = 20, timeout: Duration = .seconds(10), maximumResponseBytes: Int = 64 * 1024) {
        self.endpoint = endpoint
        self.messageType = messageType
        self.messagesPerMinute = messagesPerMinute
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    public var description: String { "WeCom group bot \(endpoint) (\(messageType.rawValue), \(messagesPerMinute)/min per bot)" }
}
