/// What a WeCom group bot webhook answer means (docs/channels.md "WeCom group bots"). Reasons carry the
/// errcode and the delivery id, never the bot key (a secret: anyone holding it can post to the group).
enum WeComResponseClassification {
    static func outcome(status: Int, errcode: Int?, deliveryID: String) -> ChannelOutcome {
        guard (200..<300).contains(status), let errcode else {
            if status == 429 || status >= 500 || (200..<300).contains(status) {
                return .transient(reason: "WeCom bot webhook answered HTTP \(status) (delivery \(deliveryID))", retryAfter: nil)
            }
            return .permanent(reason: "WeCom bot webhook answered HTTP \(status) (delivery \(deliveryID))")
        }
        let reason = "WeCom errcode \(errcode) (delivery \(deliveryID))"
        switch errcode {
        case 0: return .delivered(providerReference: nil)
        // 45009: the bot's 20 messages a minute are used up (another sender shares the bot, or a restart forgot
        // the local window).
        case 45009: return .transient(reason: "\(reason): bot rate limit", retryAfter: .seconds(60))
        case -1: return .transient(reason: "\(reason): WeCom busy", retryAfter: .seconds(1))
        case 93000: return .permanent(reason: "\(reason): the bot key is not valid (the bot was removed from the group?)")
        case 93008: return .permanent(reason: "\(reason): the bot is not in the group any more")
        case 40008, 44004, 40058: return .permanent(reason: "\(reason): WeCom refused the message content")
        default: return .permanent(reason: reason)
        }
    }
}
