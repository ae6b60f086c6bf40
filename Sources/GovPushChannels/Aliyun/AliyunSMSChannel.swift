import AsyncHTTPClient
import Foundation
import GovPushDomain
import Logging
import NIOCore

/// SMS through Alibaba Cloud `SendSms` (dysmsapi 2017-05-25), an RPC-style POST signed with
/// `AliyunRPCSignature` (HMAC-SHA1, signature version 1.0).
///
/// `TemplateParam` is a JSON object of the approved template's variables (`parameterNames` zipped with the
/// rendered `templateParameters`); `OutId` is the delivery id, echoed in Alibaba's receipts.
public struct AliyunSMSChannel: NotificationChannel {
    public var kind: ChannelKind { .sms }

    public let configuration: AliyunSMSConfiguration
    private let signature: AliyunRPCSignature
    private let exchange: ProviderExchange
    private let now: @Sendable () -> Date
    private let nonce: @Sendable () -> String
    private let logger: Logger

    /// - Parameter nonce: `SignatureNonce`, unique per request (Alibaba refuses a reused one).
    public init(configuration: AliyunSMSConfiguration, httpClient: HTTPClient = AppWebhookChannel.sharedHTTPClient,
                now: @escaping @Sendable () -> Date = { Date() }, nonce: @escaping @Sendable () -> String = { UUID().uuidString },
                logger: Logger = Logger(label: "govpush.channel.sms.aliyun")) {
        self.configuration = configuration
        self.signature = AliyunRPCSignature(accessKeySecret: configuration.accessKeySecret)
        self.exchange = ProviderExchange(httpClient: httpClient, timeout: configuration.timeout,
                                         maximumResponseBytes: configuration.maximumResponseBytes)
        self.now = now
        self.nonce = nonce
        self.logger = logger
    }

    public func send(_ notification: OutgoingNotification) async -> ChannelOutcome {
        guard case .sms(let phone) = notification.address else {
            return .permanent(reason: "delivery \(notification.deliveryID): address is \(notification.address.kind), not a phone number")
        }
        let values = notification.message.templateParameters
        guard values.count <= configuration.parameterNames.count else {
            return .permanent(reason: "delivery \(notification.deliveryID): \(values.count) template parameters but only \(configuration.parameterNames.count) parameter names configured")
        }
        let templateParam: String
        do {
            let object = Dictionary(uniqueKeysWithValues: zip(configuration.parameterNames, values))
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            templateParam = String(decoding: data, as: UTF8.self)
        } catch {
            return .permanent(reason: "delivery \(notification.deliveryID): TemplateParam could not be encoded: \(error)")
        }
        let templateCode = configuration.templateCodes[TemplateName.eventKind(notification.eventType)] ?? configuration.templateCode
        var parameters = [
            "AccessKeyId": configuration.accessKeyID, "Action": "SendSms", "Format": "JSON", "RegionId": configuration.regionID,
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": nonce(), "SignatureVersion": "1.0",
            "Timestamp": Self.timestamp(now()), "Version": AliyunSMSConfiguration.version,
            "PhoneNumbers": phone.clearText, "SignName": configuration.signName, "TemplateCode": templateCode,
            "TemplateParam": templateParam, "OutId": notification.deliveryID,
        ]
        parameters["Signature"] = signature.signature(method: "POST", parameters: parameters)
        let form = parameters.sorted { $0.key < $1.key }
            .map { AliyunRPCSignature.percentEncode($0.key) + "=" + AliyunRPCSignature.percentEncode($0.value) }
            .joined(separator: "&")
        var request = HTTPClientRequest(url: configuration.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: form))

        let outcome: ChannelOutcome
        switch await exchange.send(request) {
        case .success(let answer):
            outcome = AliyunSMSResponseClassification.outcome(status: answer.status, body: answer.body, deliveryID: notification.deliveryID)
        case .failure(let unreachable):
            outcome = .transient(reason: "Alibaba Cloud SMS unreachable: \(unreachable)", retryAfter: nil)
        }
        logger.debug("aliyun sms attempt", metadata: [
            "delivery": "\(notification.deliveryID)", "to": "\(phone.masked)", "template": "\(templateCode)", "outcome": "\(outcome)",
        ])
        return outcome
    }

    /// ISO 8601 in UTC, `yyyy-MM-dd'T'HH:mm:ss'Z'`, as the API requires.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
