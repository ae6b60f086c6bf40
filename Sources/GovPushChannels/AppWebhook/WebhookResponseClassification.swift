import Foundation

/// How an HTTP answer from a webhook receiver maps to a channel outcome (docs/channels.md):
/// 2xx delivered; 408, 429 and 5xx transient (honouring `Retry-After` seconds); any other status permanent.
///
/// Reasons name the status only: a receiver's error body may echo the notification's personal data.
enum WebhookResponseClassification {
    static func outcome(status: Int, retryAfter: String?, requestID: String?, body: [UInt8]) -> ChannelOutcome {
        switch status {
        case 200..<300:
            return .delivered(providerReference: requestID ?? jsonID(body))
        case 408, 429, 500..<600:
            return .transient(reason: "app backend answered HTTP \(status)", retryAfter: retryAfter.flatMap(retryDelay))
        default:
            return .permanent(reason: "app backend refused the delivery with HTTP \(status)")
        }
    }

    /// `Retry-After` in delay-seconds. (The HTTP-date form is not used by the receivers GovPush talks to.)
    static func retryDelay(_ header: String) -> Duration? {
        guard let seconds = Int(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }

    /// The receiver's message id from a JSON body `{"id": …}`, string or number.
    static func jsonID(_ body: [UInt8]) -> String? {
        guard !body.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let id = object["id"] else { return nil }
        switch id {
        case let text as String: return text.isEmpty ? nil : text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
