/// One way to reach a subscriber: a channel and its address. Addresses are personal data and print masked.
public enum SubscriberChannel: Hashable, Sendable, Codable, CustomStringConvertible {
    case sms(PhoneNumber)
    case email(EmailAddress)
    /// WeChat subscription messages to `openID`; `grants` are the unused one-time authorisations.
    case wechat(openID: WeChatOpenID, grants: [OneTimeGrant])
    case app(userID: AppUserID)
    case wecomGroup(botKey: WeComBotKey)

    public var kind: ChannelKind {
        switch self {
        case .sms: .sms
        case .email: .email
        case .wechat: .wechat
        case .app: .app
        case .wecomGroup: .wecomGroup
        }
    }

    public var description: String {
        switch self {
        case .sms(let phone): "sms \(phone.masked)"
        case .email(let address): "email \(address.masked)"
        case .wechat(let openID, let grants): "wechat \(openID.masked) (\(grants.count) one-time grants)"
        case .app(let userID): "app \(userID.masked)"
        case .wecomGroup(let key): "wecom-group \(key.masked)"
        }
    }
}

extension SubscriberChannel: CustomDebugStringConvertible, CustomReflectable {
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["channel": description], displayStyle: .enum) }
}
