/// How GovPush sends WeChat subscription messages (订阅消息): which API, the account's credentials, and one
/// template per event kind.
public struct WeChatConfiguration: Sendable, CustomStringConvertible {
    /// Which send API the account uses.
    public enum Variant: String, Sendable, CaseIterable {
        /// Mini program subscription messages, `cgi-bin/message/subscribe/send`, with typed template fields.
        case miniProgram = "mini-program"
        /// Official-account one-time subscription (一次性订阅消息), `cgi-bin/message/template/subscribe`:
        /// a title and one free-text `content` field.
        case officialAccount = "official-account"
    }

    public var appID: String
    public var appSecret: ProviderSecret
    public var variant: Variant
    /// Per event kind (`policy-published`, `service-progress`, … as in docs/channels.md).
    public var templates: [String: WeChatTemplate]
    /// `https://api.weixin.qq.com` unless a test or a proxy says otherwise.
    public var apiBase: String
    /// A token is refreshed this long before WeChat says it expires.
    public var tokenRefreshMargin: Duration
    /// Mini program only: `miniprogram_state` (`formal`, `trial`, `developer`); nil leaves WeChat's default.
    public var miniProgramState: String?
    public var timeout: Duration
    public var maximumResponseBytes: Int

    public static let defaultAPIBase = "https://api.weixin.qq.com"

    public init(appID: String, appSecret: ProviderSecret, variant: Variant = .miniProgram, templates: [String: WeChatTemplate],
                apiBase: String = WeChatConfiguration.defaultAPIBase, tokenRefreshMargin: Duration = .seconds(300),
                miniProgramState: String? = nil, timeout: Duration = .seconds(10), maximumResponseBytes: Int = 64 * 1024) {
        self.appID = appID
        self.appSecret = appSecret
        self.variant = variant
        self.templates = templates
        self.apiBase = apiBase
        self.tokenRefreshMargin = tokenRefreshMargin
        self.miniProgramState = miniProgramState
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    public var description: String {
        "WeChat \(variant.rawValue) \(apiBase) app \(appID) (AppSecret ****, \(templates.count) templates)"
    }
}

/// One subscription-message template: its id, where a tap leads, and which value fills each field.
public struct WeChatTemplate: Sendable, Equatable {
    public var templateID: String
    /// Mini program: the `page` opened on tap; official account: the `url` when the message has none.
    public var page: String?
    /// Mini program only: field name (`thing1`, `time2`, …) → what fills it.
    public var fields: [String: WeChatFieldSource]

    public init(templateID: String, page: String? = nil, fields: [String: WeChatFieldSource] = [:]) {
        self.templateID = templateID
        self.page = page
        self.fields = fields
    }
}

/// Where a template field's value comes from.
public enum WeChatFieldSource: Sendable, Equatable, CustomStringConvertible {
    case title
    case body
    case url
    /// The n-th (1-based) of the rendered message's `templateParameters`.
    case parameter(Int)
    /// The send time in Beijing time, `2026年11月21日 15:18` (fits `time` and `date` fields).
    case sentTime
    /// The send date in Beijing time, `2026年11月21日`.
    case sentDate
    /// The notice's kind in Chinese, e.g. 新政策发布.
    case noticeKind
    /// Fixed text.
    case literal(String)

    /// Parses `title`, `body`, `url`, `parameter:2`, `sentTime`, `sentDate`, `noticeKind` or `text:…`.
    public init?(_ text: String) {
        switch text {
        case "title": self = .title
        case "body": self = .body
        case "url": self = .url
        case "sentTime": self = .sentTime
        case "sentDate": self = .sentDate
        case "noticeKind": self = .noticeKind
        default:
            if text.hasPrefix("parameter:"), let n = Int(text.dropFirst("parameter:".count)), n >= 1 { self = .parameter(n) } else if text.hasPrefix("text:") {
                self = .literal(String(text.dropFirst("text:".count)))
            } else { return nil }
        }
    }

    public var description: String {
        switch self {
        case .title: "title"
        case .body: "body"
        case .url: "url"
        case .parameter(let n): "parameter:\(n)"
        case .sentTime: "sentTime"
        case .sentDate: "sentDate"
        case .noticeKind: "noticeKind"
        case .literal(let text): "text:\(text)"
        }
    }
}
