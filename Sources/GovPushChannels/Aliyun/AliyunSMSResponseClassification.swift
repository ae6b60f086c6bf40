import Foundation

/// What an Alibaba Cloud `SendSms` answer means (docs/channels.md "Alibaba Cloud SMS"). Business errors
/// arrive with HTTP 200 and a `Code`; gateway errors (signature, key, throttling) with 4xx/5xx and a `Code`.
///
/// Reasons carry Alibaba's code and the delivery id, never the number or Alibaba's `Message` (which can echo it).
enum AliyunSMSResponseClassification {
    struct Answer: Decodable {
        var Code: String?
        var BizId: String?
    }

    static func outcome(status: Int, body: [UInt8], deliveryID: String) -> ChannelOutcome {
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(body)), let code = answer.Code else {
            if status == 429 || (500..<600).contains(status) {
                return .transient(reason: "Alibaba Cloud SMS answered HTTP \(status) (delivery \(deliveryID))", retryAfter: nil)
            }
            return .permanent(reason: "Alibaba Cloud SMS answered HTTP \(status) without a SendSms response (delivery \(deliveryID))")
        }
        if code == "OK" { return .delivered(providerReference: answer.BizId) }
        let reason = "Alibaba Cloud SMS: \(code) (delivery \(deliveryID))"
        if let hint = transientCodes[code] { return .transient(reason: reason, retryAfter: hint) }
        if configurationCodes.contains(code) || code.hasPrefix("InvalidAccessKeyId") || code.hasPrefix("Forbidden") {
            return .permanent(reason: "\(reason); check the Alibaba Cloud AccessKey, its permissions and the clock")
        }
        if code.hasPrefix("Throttling") || code.hasPrefix("isp.") || code == "ServiceUnavailable" || (500..<600).contains(status) {
            return .transient(reason: reason, retryAfter: nil)
        }
        // isv.MOBILE_NUMBER_ILLEGAL, isv.BLACK_KEY_CONTROL_LIMIT, isv.SMS_TEMPLATE_ILLEGAL, isv.SMS_SIGNATURE_ILLEGAL,
        // isv.TEMPLATE_MISSING_PARAMETERS, isv.PARAM_LENGTH_LIMIT, isv.DOMESTIC_NUMBER_NOT_SUPPORTED, unknown codes.
        return .permanent(reason: reason)
    }

    /// Worth retrying, with how long the condition usually lasts.
    static let transientCodes: [String: Duration?] = [
        // Per-number flow control (by default 1 a minute, 5 an hour, 10 a day to one number).
        "isv.BUSINESS_LIMIT_CONTROL": .seconds(60),
        "isv.DAY_LIMIT_CONTROL": .seconds(3600),
        // The account, not the recipient: an operator tops up or re-enables the service.
        "isv.AMOUNT_NOT_ENOUGH": .seconds(3600),
        "isv.OUT_OF_SERVICE": .seconds(3600),
        // Sent again with a fresh nonce.
        "SignatureNonceUsed": nil,
        "isv.SYSTEM_ERROR": nil,
    ]

    static let configurationCodes: Set<String> = [
        "SignatureDoesNotMatch", "IncompleteSignature", "InvalidTimeStamp.Expired", "isp.RAM_PERMISSION_DENY",
        "isv.ACCOUNT_NOT_EXISTS", "isv.ACCOUNT_ABNORMAL", "isv.DENY_IP_RANGE", "MissingAccessKeyId",
    ]
}
