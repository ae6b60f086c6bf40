/// One way to reach a subscriber: a channel and its address. Addresses are personal data and print masked.
///
/// JSON: `{"kind":"sms","phone":"13812341234"}`, `{"kind":"email","email":"…"}`,
/// `{"kind":"wechat","openID":"…"}`, `{"kind":"app","userID":"…"}`,
/// `{"kind":"wecom-group","botKey":"…"}`.
public enum SubscriberChannel: Hashable, Sendable, Codable, CustomStringConvertible {
    case sms(PhoneNumber)
    case email(EmailAddress)
    /// WeChat subscription messages to `openID`. Its one-time grants live in the store's grant ledger
    /// (`WeChatGrantLedger`), not here: they are spent per message, the subscriber document is not.
    case wechat(openID: WeChatOpenID)
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

    enum CodingKeys: String, CodingKey { case kind, phone, email, openID, userID, botKey }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(ChannelKind.self, forKey: .kind) {
        case .sms: self = .sms(try c.decode(PhoneNumber.self, forKey: .phone))
        case .email: self = .email(try c.decode(EmailAddress.self, forKey: .email))
        case .wechat:
            self = .wechat(openID: try c.decode(WeChatOpenID.self, forKey: .openID))
        case .app: self = .app(userID: try c.decode(AppUserID.self, forKey: .userID))
        case .wecomGroup: self = .wecomGroup(botKey: try c.decode(WeComBotKey.self, forKey: .botKey))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .sms(let phone): try c.encode(phone, forKey: .phone)
        case .email(let address): try c.encode(address, forKey: .email)
        case .wechat(let openID): try c.encode(openID, forKey: .openID)
        case .app(let userID): try c.encode(userID, forKey: .userID)
        case .wecomGroup(let key): try c.encode(key, forKey: .botKey)
        }
    }

    public var description: String {
        switch self {
        case .sms(let phone): "sms \(phone.masked)"
        case .email(let address): "email \(address.masked)"
        case .wechat(let openID): "wechat \(openID.masked)"
        case .app(let userID): "app \(userID.masked)"
        case .wecomGroup(let key): "wecom-group \(key.masked)"
        }
    }
}

extension SubscriberChannel: CustomDebugStringConvertible, CustomReflectable {
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["channel": description], displayStyle: .enum) }
}
