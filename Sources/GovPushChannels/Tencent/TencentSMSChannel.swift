import AsyncHTTPClient
import Foundation
import GovPushDomain
import Logging
import NIOCore

/// SMS through Tencent Cloud `SendSms` (腾讯云短信, API 3.0 version 2021-01-11), signed `TC3-HMAC-SHA256`.
///
/// One number per request, so each answer is one `SendStatusSet` entry; the template parameters are the
/// rendered message's `templateParameters`, and `SessionContext` carries the delivery id, which Tencent echoes
/// in its status reports (the at-least-once window: see docs/channels.md).
public struct TencentSMSChannel: NotificationChannel {
    public var kind: ChannelKind { .sms }

    public let configuration: TencentSMSConfiguration
    private let signature: TencentCloudSignature
    private let exchange: ProviderExchange
    private let now: @Sendable () -> Date
    private let logger: Logger

    public init(configuration: TencentSMSConfiguration, httpClient: HTTPClient = AppWebhookChannel.sharedHTTPClient,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "govpush.channel.sms.tencent")) {
        self.configuration = configuration
        self.signature = TencentCloudSignature(secretID: configuration.secretID, secretKey: configuration.secretKey)
        self.exchange = ProviderExchange(httpClient: httpClient, timeout: configuration.timeout,
                                         maximumResponseBytes: configuration.maximumResponseBytes)
        self.now = now
        self.logger = logger
    }

    struct SendSmsRequest: Encodable {
        var PhoneNumberSet: [String]
        var SmsSdkAppId: String
        var SignName: String
        var TemplateId: String
        var TemplateParamSet: [String]
        var SessionContext: String
    }

    public func send(_ notification: OutgoingNotification) async -> ChannelOutcome {
        guard case .sms(let phone) = notification.address else {
            return .permanent(reason: "delivery \(notification.deliveryID): address is \(notification.address.kind), not a phone number")
        }
        let templateID = configuration.templateIDs[TemplateName.eventKind(notification.eventType)] ?? configuration.templateID
        let payload: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            payload = Array(try encoder.encode(SendSmsRequest(
                PhoneNumberSet: ["+86" + phone.clearText], SmsSdkAppId: configuration.appID, SignName: configuration.signName,
                TemplateId: templateID, TemplateParamSet: notification.message.templateParameters,
                SessionContext: notification.deliveryID)))
        } catch {
            return .permanent(reason: "delivery \(notification.deliveryID): SendSms request could not be encoded: \(error)")
        }
        guard let host = Self.hostHeader(configuration.endpoint) else {
            return .permanent(reason: "Tencent Cloud SMS endpoint \(configuration.endpoint) is not an http(s) URL")
        }
        let timestamp = Int64(now().timeIntervalSince1970.rounded(.down))
        let contentType = "application/json; charset=utf-8"
        let authorization = signature.authorization(
            method: "POST", headers: [("content-type", contentType), ("host", host)], payload: payload,
            service: TencentSMSConfiguration.service, timestamp: timestamp)
        var request = ProviderExchange.jsonPOST(configuration.endpoint, body: payload, headers: [
            ("Content-Type", contentType), ("Host", host), ("Authorization", authorization),
            ("X-TC-Action", TencentSMSConfiguration.action), ("X-TC-Version", TencentSMSConfiguration.version),
            ("X-TC-Timestamp", String(timestamp)), ("X-TC-Region", configuration.region),
        ])
        request.method = .POST

        let outcome: ChannelOutcome
        switch await exchange.send(request) {
        case .success(let answer):
            outcome = TencentSMSResponseClassification.outcome(status: answer.status, body: answer.body,
                                                               deliveryID: notification.deliveryID)
        case .failure(let unreachable):
            outcome = .transient(reason: "Tencent Cloud SMS unreachable: \(unreachable)", retryAfter: nil)
        }
        logger.debug("tencent sms attempt", metadata: [
            "delivery": "\(notification.deliveryID)", "to": "\(phone.masked)", "template": "\(templateID)", "outcome": "\(outcome)",
        ])
        return outcome
    }

    /// `host[:port]` of an http(s) endpoint, as the request's `Host` header carries it (and so as it is signed).
    static func hostHeader(_ endpoint: String) -> String? {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else { return nil }
        if let port = url.port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) { return "\(host):\(port)" }
        return host
    }
}
