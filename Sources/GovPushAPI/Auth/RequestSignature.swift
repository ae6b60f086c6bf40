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
        guard let received = bytes(hex: signature), received.count == SHA256.byteCount else { return false }
        let message = canonicalRequest(method: method, pathWithQuery: pathWithQuery, timestamp: timestamp, nonce: nonce, body: body)
        return HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: message, using: SymmetricKey(data: secret))
    }


    static func bytes(hex: String) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < utf8.count {
            guard let h = nibble(utf8[i]), let l = nibble(utf8[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
