import Crypto
import Foundation

/// Alibaba Cloud's RPC-style request signature (signature version 1.0, `HMAC-SHA1`), the one the SMS
/// documentation (短信服务 API 签名机制) documents for dysmsapi 2017-05-25:
///
/// 1. sort every parameter except `Signature` by name; percent-encode names and values (RFC 3986: only
///    `A-Z a-z 0-9 - _ . ~` stay, UTF-8 bytes as `%XY`, so a space is `%20`, `*` is `%2A`); join as `k=v&…`;
/// 2. StringToSign = method + "&" + encode("/") + "&" + encode(that query);
/// 3. Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
///
/// Public so that the local stand-in server (GovPushTesting) verifies requests with the same definition.
public struct AliyunRPCSignature: Sendable {
    public let accessKeySecret: ProviderSecret

    public init(accessKeySecret: ProviderSecret) {
        self.accessKeySecret = accessKeySecret
    }

    public static func percentEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x5F, 0x2E, 0x7E: encoded.append(Character(Unicode.Scalar(byte)))
            default: encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    /// `k=v&…` sorted by name (byte order), `Signature` left out, names and values percent-encoded.
    public static func canonicalQuery(_ parameters: [String: String]) -> String {
        parameters.filter { $0.key != "Signature" }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { percentEncode($0.key) + "=" + percentEncode($0.value) }
            .joined(separator: "&")
    }

    public static func stringToSign(method: String, parameters: [String: String]) -> String {
        method.uppercased() + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(parameters))
    }

    public func signature(method: String, parameters: [String: String]) -> String {
        let key = SymmetricKey(data: Array((accessKeySecret.clearText + "&").utf8))
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(Self.stringToSign(method: method, parameters: parameters).utf8), using: key)
        return Data(code).base64EncodedString()
    }
}
