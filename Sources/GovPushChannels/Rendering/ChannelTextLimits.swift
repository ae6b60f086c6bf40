import GovPushDomain

/// How long rendered text may be, per channel, in characters (bytes where the provider counts bytes).
/// Longer titles are cut with "…" rather than refused, because a notice with a shortened title still informs.
public struct ChannelTextLimits: Sendable, Equatable {
    /// An SMS template parameter holding a title or name (providers cap variables at 20–35 characters).
    public var smsTitleParameter: Int
    /// An SMS template parameter holding free text (a summary, a progress notice).
    public var smsTextParameter: Int
    /// WeChat subscription messages: a `thing` value is at most 20 characters.
    public var wechatTitle: Int
    public var appTitle: Int
    public var emailSubject: Int
    /// WeCom group bots accept at most 2048 bytes of text content.
    public var wecomGroupBodyBytes: Int

    public init(smsTitleParameter: Int = 20, smsTextParameter: Int = 35, wechatTitle: Int = 20, appTitle: Int = 64,
                emailSubject: Int = 80, wecomGroupBodyBytes: Int = 2048) {
        self.smsTitleParameter = smsTitleParameter
        self.smsTextParameter = smsTextParameter
        self.wechatTitle = wechatTitle
        self.appTitle = appTitle
        self.emailSubject = emailSubject
        self.wecomGroupBodyBytes = wecomGroupBodyBytes
    }

    func titleLimit(_ channel: ChannelKind) -> Int {
        switch channel {
        case .sms: smsTitleParameter
        case .wechat: wechatTitle
        case .app, .wecomGroup: appTitle
        case .email: emailSubject
        }
    }
}

extension String {
    /// At most `limit` characters, the last one "…" when cut.
    func trimmed(toCharacters limit: Int) -> String {
        guard count > limit else { return self }
        guard limit > 1 else { return String(prefix(limit)) }
        return String(prefix(limit - 1)) + "…"
    }

    /// At most `limit` UTF-8 bytes, cut at a character boundary, the last one "…" when cut.
    func trimmed(toUTF8Bytes limit: Int) -> String {
        guard utf8.count > limit else { return self }
        let ellipsis = "…"
        var result = ""
        var used = ellipsis.utf8.count
        for character in self {
            let size = character.utf8.count
            if used + size > limit { break }
            result.append(character)
            used += size
        }
        return result + ellipsis
    }
}
