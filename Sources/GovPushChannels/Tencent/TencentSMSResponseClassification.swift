import Foundation

/// What a Tencent Cloud `SendSms` answer means (docs/channels.md "Tencent Cloud SMS"): the request-level
/// `Response.Error.Code` first (credentials, throttling, outages), then the one number's `SendStatusSet` code.
///
/// Reasons carry Tencent's code and the delivery id, never the number or Tencent's message text (which can
/// echo it).
enum TencentSMSResponseClassification {
    struct Envelope: Decodable {
        struct Body: Decodable {
            struct Failure: Decodable { var Code: String }
            struct Status: Decodable {
                var Code: String
                var SerialNo: String?
            }
            var Error: Failure?
            var SendStatusSet: [Status]?
            var RequestId: String?
        }
        var Response: Body
    }

    static func outcome(status: Int, body: [UInt8], deliveryID: String) -> ChannelOutcome {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body)) else {
            if status == 429 || (500..<600).contains(status) {
                return .transient(reason: "Tencent Cloud SMS answered HTTP \(status) (delivery \(deliveryID))", retryAfter: nil)
            }
            return .permanent(reason: "Tencent Cloud SMS answered HTTP \(status) without a SendSms response (delivery \(deliveryID))")
        }
        if let error = envelope.Response.Error {
            return requestError(error.Code, deliveryID: deliveryID)
        }
        guard let first = envelope.Response.SendStatusSet?.first else {
            return .transient(reason: "Tencent Cloud SMS answered without a SendStatusSet (delivery \(deliveryID))", retryAfter: nil)
        }
        return numberStatus(first.Code, serialNumber: first.SerialNo, deliveryID: deliveryID)
    }

    /// Request-level errors (公共错误码 and SendSms's own).
    static func requestError(_ code: String, deliveryID: String) -> ChannelOutcome {
        let reason = "Tencent Cloud SMS refused the request: \(code) (delivery \(deliveryID))"
        if code.hasPrefix("AuthFailure") {
            // Wrong SecretId/SecretKey, an expired signature (clock skew) or a missing permission: no retry helps
            // until an operator fixes the configuration.
            return .permanent(reason: "\(reason); check the Tencent Cloud credentials, permissions and clock")
        }
        if code.hasPrefix("RequestLimitExceeded") || code.hasPrefix("LimitExceeded") {
            return .transient(reason: reason, retryAfter: .seconds(1))
        }
        if code.hasPrefix("InternalError") || code == "ServiceUnavailable" || code.hasPrefix("ResourceUnavailable")
            || code == "FailedOperation.FailResolvePacket" {
            return .transient(reason: reason, retryAfter: nil)
        }
        if accountCodes.contains(code) { return .transient(reason: reason + "; the SMS account needs attention", retryAfter: .seconds(3600)) }
        return numberStatus(code, serialNumber: nil, deliveryID: deliveryID)
    }

    /// One number's `SendStatusSet[].Code`.
    static func numberStatus(_ code: String, serialNumber: String?, deliveryID: String) -> ChannelOutcome {
        if code == "Ok" { return .delivered(providerReference: serialNumber) }
        let reason = "Tencent Cloud SMS: \(code) (delivery \(deliveryID))"
        if let hint = rateLimitHints[code] { return .transient(reason: reason, retryAfter: hint) }
        if code.hasPrefix("LimitExceeded") && !permanentLimits.contains(code) { return .transient(reason: reason, retryAfter: nil) }
        if code.hasPrefix("InternalError") { return .transient(reason: reason, retryAfter: nil) }
        if accountCodes.contains(code) { return .transient(reason: reason + "; the SMS account needs attention", retryAfter: .seconds(3600)) }
        // InvalidParameterValue.IncorrectPhoneNumber, FailedOperation.PhoneNumberInBlacklist (the user opted out),
        // UnsupportedOperation.*, unapproved signature/template, sensitive words and anything unknown.
        return .permanent(reason: reason)
    }

    /// Per-number frequency limits and how long each one lasts.
    static let rateLimitHints: [String: Duration] = [
        "LimitExceeded.PhoneNumberThirtySecondLimit": .seconds(30),
        "LimitExceeded.DeliveryFrequencyLimit": .seconds(30),
        "LimitExceeded.PhoneNumberOneHourLimit": .seconds(3600),
        "LimitExceeded.PhoneNumberDailyLimit": .seconds(3600),
        "LimitExceeded.PhoneNumberSameContentDailyLimit": .seconds(3600),
        "LimitExceeded.DailyLimit": .seconds(3600),
        "LimitExceeded.AppDailyLimit": .seconds(3600),
        "LimitExceeded.AppMainlandChinaDailyLimit": .seconds(3600),
        "LimitExceeded.AppGlobalDailyLimit": .seconds(3600),
        "LimitExceeded.AppCountryOrRegionDailyLimit": .seconds(3600),
    ]

    /// `LimitExceeded` codes that are not about time: retrying the same request cannot pass them.
    static let permanentLimits: Set<String> = [
        "LimitExceeded.PhoneNumberCountLimit", "LimitExceeded.AppCountryOrRegionInBlacklist",
    ]

    /// The account, not the recipient, is the problem: an operator tops up or pays, then retries succeed.
    static let accountCodes: Set<String> = [
        "FailedOperation.InsufficientBalanceInSmsPackage", "UnauthorizedOperation.ServiceSuspendDueToArrears",
    ]
}
