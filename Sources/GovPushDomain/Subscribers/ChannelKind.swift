/// The delivery channels a subscriber can be reached through; a subscriber's `channelOrder` lists them by
/// preference, the first being tried first and the rest as fallbacks (DESIGN.md "Failures").
public enum ChannelKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case sms
    case email
    /// WeChat subscription message (公众号 / 小程序).
    case wechat
    /// Webhook to the integrating app's backend (e.g. 皖事通).
    case app
    /// WeCom group bot (企业微信群机器人) posting into a village/community group.
    case wecomGroup = "wecom-group"

    public var description: String { rawValue }
}
