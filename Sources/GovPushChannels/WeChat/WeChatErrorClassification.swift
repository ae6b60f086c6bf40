/// What WeChat's `errcode`s mean for GovPush (docs/channels.md "WeChat subscription messages"). Reasons
/// carry the errcode and the delivery id, never the openid or WeChat's `errmsg` (which can echo values).
enum WeChatErrorClassification {
    /// What a send answer asks the channel to do.
    enum Verdict: Equatable {
        case delivered(messageID: String?)
        /// 40001 / 40014 / 42001: the token is invalid or expired; refresh once and send once more.
        case refreshToken
        /// 43101: the user refused or withdrew the subscription; every grant for the template is void.
        case revoke(reason: String)
        case outcome(ChannelOutcome)
    }

    static let tokenErrors: Set<Int> = [40001, 40014, 42001]

    static func send(errcode: Int, messageID: String?, deliveryID: String) -> Verdict {
        let reason = "WeChat errcode \(errcode) (delivery \(deliveryID))"
        switch errcode {
        case 0: return .delivered(messageID: messageID)
        case _ where tokenErrors.contains(errcode): return .refreshToken
        case 43101: return .revoke(reason: "\(reason): the user refused the subscription message")
        case -1: return .outcome(.transient(reason: "\(reason): WeChat busy", retryAfter: .seconds(1)))
        case 45009, 45011, 45047: return .outcome(.transient(reason: "\(reason): WeChat rate limit", retryAfter: .seconds(60)))
        case 47003: return .outcome(.permanent(reason: "\(reason): template data does not meet WeChat's rules"))
        case 40003: return .outcome(.permanent(reason: "\(reason): the openid is not valid for this account"))
        case 40037: return .outcome(.permanent(reason: "\(reason): the template id is not valid; check the WeChat template configuration"))
        case 41030: return .outcome(.permanent(reason: "\(reason): the page is not in the released mini program; check the template configuration"))
        default: return .outcome(.permanent(reason: reason))
        }
    }

    /// Token endpoint errcodes: wrong AppID/AppSecret or a server IP outside the whitelist are configuration
    /// problems; -1 and throttling pass.
    static func tokenFailure(errcode: Int) -> WeChatAccessTokenCache.Failure {
        switch errcode {
        case -1, 45009, 45011:
            return .init(description: "WeChat token endpoint errcode \(errcode) (busy or throttled)", isTransient: true)
        case 40013, 40125, 40164, 41002, 41004, 89503:
            return .init(description: "WeChat token endpoint errcode \(errcode): check GOVPUSH_WECHAT_APP_ID, GOVPUSH_WECHAT_APP_SECRET and the IP whitelist", isTransient: false)
        default:
            return .init(description: "WeChat token endpoint errcode \(errcode)", isTransient: false)
        }
    }
}
