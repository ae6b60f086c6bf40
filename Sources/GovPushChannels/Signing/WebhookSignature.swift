import Crypto
import Foundation
import GovPushDomain

/// The signature on GovPush webhooks: hex HMAC-SHA256(secret, "<unix seconds>.<body>") in
/// `X-GovPush-Signature`, the seconds in `X-GovPush-Timestamp`.
///
/// Signing the timestamp with the body lets a receiver reject replays older than `maximumClockSkew` without
/// keeping every body it has seen. The app-backend channel signs with it; receivers (and GovPush's own
/// tenant status callbacks) verify with it.
public struct WebhookSignature: Sendable {
    public static let signatureHeader = "X-GovPush-Signature"
    public static let timestampHeader = "X-GovPush-Timestamp"
    public static let deliveryHeader = "X-GovPush-Delivery"

    /// Why a signed request was refused. Carries no secret and no body.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case missingTimestamp
        case malformedTimestamp
        /// The timestamp is further from the receiver's clock than allowed (a replay, or a skewed clock).
        case staleTimestamp(skewSeconds: Int64)
        case malformedSignature
        /// The signature does not match this secret, timestamp and body.
        case mismatch

        public var description: String {
            switch self {
            case .missingTimestamp: "missing \(WebhookSignature.timestampHeader)"
            case .malformedTimestamp: "\(WebhookSignature.timestampHeader) is not unix seconds"
            case .staleTimestamp(let skew): "timestamp is \(skew) s away from the receiver's clock"
            case .malformedSignature: "\(WebhookSignature.signatureHeader) is not 64 hex digits"
            case .mismatch: "signature does not match"
            }
        }
    }

    public var secret: WebhookSecret
    /// How far a timestamp may be from the verifier's clock, either way.
    public var maximumClockSkew: Duration

    public init(secret: WebhookSecret, maximumClockSkew: Duration = .seconds(300)) {
        self.secret = secret
        self.maximumClockSkew = maximumClockSkew
    }

    /// The hex signature of `body` sent at `timestamp` (unix seconds).
    public func sign(body: some Collection<UInt8>, timestamp: Int64) -> String {
        let code = authenticationCode(body: body, timestamp: String(timestamp))
        return code.lowercaseHex
    }

    /// Checks a received request's timestamp header, signature header and raw body against `now`.
    public func verify(signature: String?, timestamp: String?, body: some Collection<UInt8>, now: Date) throws(Failure) {
        guard let timestamp else { throw .missingTimestamp }
        guard let seconds = Int64(timestamp) else { throw .malformedTimestamp }
        let skew = Int64(now.timeIntervalSince1970.rounded(.down)) - seconds
        if abs(skew) > maximumClockSkew.components.seconds { throw .staleTimestamp(skewSeconds: skew) }
        guard let signature, let received = [UInt8](hex: signature), received.count == SHA256.byteCount else {
            throw .malformedSignature
        }
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        // Constant-time comparison, so response timing cannot reveal a prefix of the right signature.
        guard HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: message, using: key) else {
            throw .mismatch
        }
    }

    private var key: SymmetricKey { SymmetricKey(data: secret.bytes) }

    private func authenticationCode(body: some Collection<UInt8>, timestamp: String) -> HashedAuthenticationCode<SHA256> {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array(timestamp.utf8))
        hmac.update(data: [UInt8(ascii: ".")])
        hmac.update(data: Array(body))
        return hmac.finalize()
    }
}
