import Crypto
import Foundation
import GovPushDomain

/// The signature every API request carries (docs/api.md "Authentication"):
/// `X-GovPush-Signature` = hex HMAC-SHA256(secret, METHOD "\n" path-with-query "\n" timestamp "\n" nonce "\n"
/// hex SHA-256(body)), with the key id, unix-seconds timestamp and a fresh nonce in their own headers.
public enum RequestSignature {
    public static let keyHeader = "X-GovPush-Key"
    public static let timestampHeader = "X-GovPush-Timestamp"
    public static let nonceHeader = "X-GovPush-Nonce"
    public static let signatureHeader = "X-GovPush-Signature"

    /// The exact bytes that are signed.
    public static func canonicalRequest(method: String, pathWithQuery: String, timestamp: String, nonce: String, body: some Sequence<UInt8>) -> [UInt8] {
        let bodyHash = SHA256.hash(data: Array(body)).lowercaseHex
        return Array([method.uppercased(), pathWithQuery, timestamp, nonce, bodyHash].joined(separator: "\n").utf8)
    }

    public static func sign(secret: [UInt8], method: String, pathWithQuery: String, timestamp: String, nonce: String, body: some Sequence<UInt8>) -> String {
        let message = canonicalRequest(method: method, pathWithQuery: pathWithQuery, timestamp: timestamp, nonce: nonce, body: body)
        return HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)).lowercaseHex
    }

    /// Constant-time check of a hex signature.
    public static func isValid(_ signature: String, secret: [UInt8], method: String, pathWithQuery: String, timestamp: String,
                               nonce: String, body: some Sequence<UInt8>) -> Bool {
        guard let received = [UInt8](hex: signature), received.count == SHA256.byteCount else { return false }
        let message = canonicalRequest(method: method, pathWithQuery: pathWithQuery, timestamp: timestamp, nonce: nonce, body: body)
        return HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: message, using: SymmetricKey(data: secret))
    }
}
