import AsyncHTTPClient
import Foundation
import GovPushDomain
import Logging
import NIOCore

/// WeChat subscription messages (订阅消息): the mini program's `cgi-bin/message/subscribe/send` or the official
/// account's one-time `cgi-bin/message/template/subscribe`, chosen by `WeChatConfiguration.variant`.
///
/// Each message spends one one-time grant (一次性订阅): it is reserved in the `WeChatGrantLedger` under the
/// delivery id before WeChat is called, consumed when WeChat accepts, released when it does not (so a retry
/// or a later notice can use it), and every grant for the template is revoked on 43101. No grant means
/// `.permanent`, so the deliverer falls back to the subscriber's next channel.
public struct WeChatSubscriptionChannel: NotificationChannel {
    public var kind: ChannelKind { .wechat }

    public let configuration: WeChatConfiguration
    private let ledger: any WeChatGrantLedger
    private let exchange: ProviderExchange
    private let tokens: WeChatAccessTokenCache
    private let now: @Sendable () -> Date
    private let logger: Logger

    public init(configuration: WeChatConfiguration, ledger: any WeChatGrantLedger,
                httpClient: HTTPClient = AppWebhookChannel.sharedHTTPClient, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "govpush.channel.wechat")) {
        self.configuration = configuration
        self.ledger = ledger
        let exchange = ProviderExchange(httpClient: httpClient, timeout: configuration.timeout,
                                        maximumResponseBytes: configuration.maximumResponseBytes)
        self.exchange = exchange
        self.now = now
        self.logger = logger
        let tokenURL = configuration.apiBase + "/cgi-bin/stable_token"
        let appID = configuration.appID, secret = configuration.appSecret
        self.tokens = WeChatAccessTokenCache(margin: configuration.tokenRefreshMargin, now: now) { () async throws(WeChatAccessTokenCache.Failure) in
            try await Self.fetchToken(url: tokenURL, appID: appID, secret: secret, exchange: exchange)
        }
    }

    public func send(_ notification: OutgoingNotification) async -> ChannelOutcome {
        let outcome = await attempt(notification)
        logger.debug("wechat attempt", metadata: [
            "delivery": "\(notification.deliveryID)", "to": "\(notification.address)", "outcome": "\(outcome)",
        ])
        return outcome
    }

    private func attempt(_ notification: OutgoingNotification) async -> ChannelOutcome {
        let delivery = notification.deliveryID
        guard case .wechat(let openID) = notification.address else {
            return .permanent(reason: "delivery \(delivery): address is \(notification.address.kind), not a WeChat openid")
        }
        let eventKind = TemplateName.eventKind(notification.eventType)
        guard let template = configuration.templates[eventKind] else {
            return .permanent(reason: "delivery \(delivery): no WeChat template configured for \(eventKind)")
        }
        // Checked before a grant is reserved: a message WeChat would refuse must not hold one.
        let data: [String: Any]
        switch templateData(template, notification) {
        case .success(let fields): data = fields
        case .failure(let refusal): return .permanent(reason: "delivery \(delivery): \(refusal.description)")
        }

        let grant: WeChatGrant
        do {
            guard let reserved = try await ledger.reserveGrant(subscriber: notification.subscriberID, templateID: template.templateID,
                                                               deliveryID: delivery, at: now()) else {
                return .permanent(reason: "delivery \(delivery): no one-time grant left for WeChat template \(template.templateID)")
            }
            grant = reserved
        } catch {
            return .transient(reason: "delivery \(delivery): WeChat grant ledger unavailable: \(error)", retryAfter: nil)
        }

        let body: [UInt8]
        do {
            body = try requestBody(template: template, data: data, openID: openID, grant: grant, notification: notification)
        } catch {
            await settle(grant, with: .permanent(reason: ""), notification)
            return .permanent(reason: "delivery \(delivery): WeChat request could not be encoded: \(error)")
        }
        let outcome = await call(body: body, deliveryID: delivery, refreshed: false)
        switch outcome {
        case .revoke(let reason):
            do {
                try await ledger.revokeGrants(subscriber: notification.subscriberID, templateID: template.templateID, at: now())
            } catch {
                logger.error("could not revoke WeChat grants after 43101", metadata: ["delivery": "\(delivery)", "error": "\(error)"])
            }
            return .permanent(reason: reason)
        case .settled(let result):
            await settle(grant, with: result, notification)
            return result
        }
    }

    private enum CallResult {
        case settled(ChannelOutcome)
        case revoke(reason: String)
    }

    /// Sends with a token; on 40001/42001 forgets it, fetches another and sends once more.
    private func call(body: [UInt8], deliveryID: String, refreshed: Bool) async -> CallResult {
        let token: String
        do throws(WeChatAccessTokenCache.Failure) { token = try await tokens.token() } catch {
            return .settled(error.isTransient ? .transient(reason: "delivery \(deliveryID): \(error)", retryAfter: nil)
                                              : .permanent(reason: "delivery \(deliveryID): \(error)"))
        }
        let path = configuration.variant == .miniProgram ? "/cgi-bin/message/subscribe/send" : "/cgi-bin/message/template/subscribe"
        let url = configuration.apiBase + path + "?access_token=" + AliyunRPCSignature.percentEncode(token)
        switch await exchange.send(ProviderExchange.jsonPOST(url, body: body)) {
        case .failure(let unreachable):
            return .settled(.transient(reason: "WeChat unreachable: \(unreachable) (delivery \(deliveryID))", retryAfter: nil))
        case .success(let answer):
            guard (200..<300).contains(answer.status), let json = answer.json, let errcode = (json["errcode"] as? NSNumber)?.intValue ?? (json.isEmpty ? nil : 0) else {
                let status = answer.status
                return .settled(status >= 500 || status == 429
                    ? .transient(reason: "WeChat answered HTTP \(status) (delivery \(deliveryID))", retryAfter: nil)
                    : .permanent(reason: "WeChat answered HTTP \(status) without a JSON result (delivery \(deliveryID))"))
            }
            let messageID = (json["msgid"] as? NSNumber)?.stringValue ?? json["msgid"] as? String
            switch WeChatErrorClassification.send(errcode: errcode, messageID: messageID, deliveryID: deliveryID) {
            case .delivered(let id): return .settled(.delivered(providerReference: id))
            case .revoke(let reason): return .revoke(reason: reason)
            case .outcome(let outcome): return .settled(outcome)
            case .refreshToken:
                await tokens.invalidate(token)
                if refreshed {
                    return .settled(.transient(reason: "WeChat errcode \(errcode) again after a token refresh (delivery \(deliveryID))", retryAfter: nil))
                }
                return await call(body: body, deliveryID: deliveryID, refreshed: true)
            }
        }
    }

    /// Consumes the grant on success, releases it otherwise (WeChat did not spend it).
    private func settle(_ grant: WeChatGrant, with outcome: ChannelOutcome, _ notification: OutgoingNotification) async {
        do {
            if case .delivered = outcome {
                try await ledger.consumeGrant(id: grant.id, at: now())
            } else {
                try await ledger.releaseGrant(id: grant.id, at: now())
            }
        } catch {
            // The message itself is settled; a grant left reserved is released by the ledger's own rules.
            logger.error("could not settle a WeChat grant", metadata: ["delivery": "\(notification.deliveryID)", "grant": "\(grant.id)", "error": "\(error)"])
        }
    }

    private func templateData(_ template: WeChatTemplate, _ notification: OutgoingNotification) -> Result<[String: Any], WeChatValueRule.Refusal> {
        let message = notification.message
        switch configuration.variant {
        case .officialAccount:
            // One-time subscription messages: a title of at most 15 characters and free content of at most 200.
            return .success(["title": message.title.trimmed(toCharacters: 15), "content": message.body.trimmed(toCharacters: 200)])
        case .miniProgram:
            var data: [String: Any] = [:]
            for (field, source) in template.fields.sorted(by: { $0.key < $1.key }) {
                guard let rule = WeChatValueRule(fieldName: field) else {
                    return .failure(.init(field: field, rule: "unknown field type"))
                }
                let raw = value(of: source, notification)
                switch rule.conform(raw, field: field) {
                case .success(let value): data[field] = ["value": value]
                case .failure(let refusal): return .failure(refusal)
                }
            }
            return .success(data)
        }
    }

    private func value(of source: WeChatFieldSource, _ notification: OutgoingNotification) -> String {
        let message = notification.message
        switch source {
        case .title: return message.title
        case .body: return message.body
        case .url: return message.url ?? ""
        case .parameter(let n): return n <= message.templateParameters.count ? message.templateParameters[n - 1] : ""
        case .sentTime: return ChineseDateText.instant(now())
        case .sentDate: return String(ChineseDateText.instant(now()).prefix { $0 != " " })
        case .noticeKind: return Self.noticeKindName(notification.eventType)
        case .literal(let text): return text
        }
    }

    private func requestBody(template: WeChatTemplate, data: [String: Any], openID: WeChatOpenID, grant: WeChatGrant,
                             notification: OutgoingNotification) throws -> [UInt8] {
        var object: [String: Any] = ["touser": openID.clearText, "template_id": template.templateID]
        switch configuration.variant {
        case .miniProgram:
            object["data"] = data
            object["lang"] = "zh_CN"
            if let page = template.page { object["page"] = page }
            if let state = configuration.miniProgramState { object["miniprogram_state"] = state }
        case .officialAccount:
            object["scene"] = String(grant.scene ?? 0)
            object["title"] = data["title"] as? String ?? ""
            object["data"] = ["content": ["value": data["content"] as? String ?? ""]]
            if let url = notification.message.url ?? template.page { object["url"] = url }
        }
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    static func noticeKindName(_ type: EventType) -> String {
        switch type {
        case .policyPublished: "新政策发布"
        case .policyInterpretationPublished: "政策解读"
        case .serviceGuideChanged: "办事指南变更"
        case .incidentReported: "舆情预警"
        case .incidentResponded: "权威信息发布"
        case .serviceProgress: "办件进度"
        }
    }

    static func fetchToken(url: String, appID: String, secret: ProviderSecret,
                           exchange: ProviderExchange) async throws(WeChatAccessTokenCache.Failure) -> (token: String, expiresIn: Int) {
        let body: [UInt8]
        do {
            body = Array(try JSONSerialization.data(withJSONObject: [
                "grant_type": "client_credential", "appid": appID, "secret": secret.clearText, "force_refresh": false,
            ] as [String: Any], options: [.sortedKeys]))
        } catch {
            throw .init(description: "WeChat token request could not be encoded", isTransient: false)
        }
        switch await exchange.send(ProviderExchange.jsonPOST(url, body: body)) {
        case .failure(let unreachable):
            throw .init(description: "WeChat token endpoint unreachable: \(unreachable)", isTransient: true)
        case .success(let answer):
            guard (200..<300).contains(answer.status), let json = answer.json else {
                throw .init(description: "WeChat token endpoint answered HTTP \(answer.status)", isTransient: answer.status >= 500 || answer.status == 429)
            }
            if let token = json["access_token"] as? String, !token.isEmpty, let expiresIn = (json["expires_in"] as? NSNumber)?.intValue {
                return (token, expiresIn)
            }
            throw WeChatErrorClassification.tokenFailure(errcode: (json["errcode"] as? NSNumber)?.intValue ?? -2)
        }
    }
}
