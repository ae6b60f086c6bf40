import Crypto
import Foundation
import GovPushDomain

/// Tencent Cloud API 3.0 request signing, `TC3-HMAC-SHA256` (腾讯云 API 签名方法 v3), as documented:
///
/// 1. CanonicalRequest = method \n "/" \n query \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(payload)),
///    CanonicalHeaders being each signed header as `lowercase(name):lowercase(trimmed value)\n`, sorted by name;
/// 2. StringToSign = "TC3-HMAC-SHA256" \n timestamp \n `<UTC date>/<service>/tc3_request` \n hex(SHA256(CanonicalRequest));
/// 3. the key is derived HMAC-SHA256("TC3" + SecretKey, date) → (service) → ("tc3_request"); the signature is
///    hex(HMAC-SHA256(key, StringToSign));
/// 4. `Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
///
/// Public so that the local stand-in server (GovPushTesting) verifies requests with the same definition.
public struct TencentCloudSignature: Sendable {
    public static let algorithm = "TC3-HMAC-SHA256"

    public let secretID: String
    public let secretKey: ProviderSecret

    public init(secretID: String, secretKey: ProviderSecret) {
        self.secretID = secretID
        self.secretKey = secretKey
    }

    /// `yyyy-MM-dd` of `timestamp` in UTC, the credential scope's date.
    public static func date(of timestamp: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(timestamp)))
        return String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
    }

    public static func credentialScope(date: String, service: String) -> String { "\(date)/\(service)/tc3_request" }

    /// The canonical request; `headers` are the signed ones, in any order and case.
    public static func canonicalRequest(method: String, query: String = "", headers: [(name: String, value: String)],
                                        payload: [UInt8]) -> String {
        let canonical = headers
            .map { (name: $0.name.lowercased(), value: $0.value.trimmingCharacters(in: .whitespaces).lowercased()) }
            .sorted { $0.name < $1.name }
        let canonicalHeaders = canonical.map { "\($0.name):\($0.value)\n" }.joined()
        let signedHeaders = canonical.map(\.name).joined(separator: ";")
        return [method.uppercased(), "/", query, canonicalHeaders, signedHeaders, SHA256.hash(data: payload).lowercaseHex]
            .joined(separator: "\n")
    }

    public static func stringToSign(timestamp: Int64, scope: String, canonicalRequest: String) -> String {
        [algorithm, String(timestamp), scope, SHA256.hash(data: Array(canonicalRequest.utf8)).lowercaseHex].joined(separator: "\n")
    }

    /// hex(HMAC-SHA256(derived key, stringToSign)).
    public func signature(stringToSign: String, date: String, service: String) -> String {
        func hmac(_ key: [UInt8], _ text: String) -> [UInt8] {
            Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key)))
        }
        let secretDate = hmac(Array(("TC3" + secretKey.clearText).utf8), date)
        let secretService = hmac(secretDate, service)
        let secretSigning = hmac(secretService, "tc3_request")
        return hmac(secretSigning, stringToSign).lowercaseHex
    }

    /// The `Authorization` header value for a request with these signed headers and payload.
    public func authorization(method: String, query: String = "", headers: [(name: String, value: String)], payload: [UInt8],
                              service: String, timestamp: Int64) -> String {
        let date = Self.date(of: timestamp)
        let scope = Self.credentialScope(date: date, service: service)
        let canonical = Self.canonicalRequest(method: method, query: query, headers: headers, payload: payload)
        let signature = signature(stringToSign: Self.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonical),
                                  date: date, service: service)
        let signedHeaders = headers.map { $0.name.lowercased() }.sorted().joined(separator: ";")
        return "\(Self.algorithm) Credential=\(secretID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }
}

/// The parts of a `TC3-HMAC-SHA256` `Authorization` header, for servers that verify one.
public struct TencentCloudAuthorization: Sendable, Equatable {
    public var secretID: String
    public var date: String
    public var service: String
    public var signedHeaders: [String]
    public var signature: String

    /// Nil when the header is not a well-formed TC3 authorization.
    public init?(header: String) {
        let prefix = TencentCloudSignature.algorithm + " "
        guard header.hasPrefix(prefix) else { return nil }
        var fields: [String: String] = [:]
        for part in header.dropFirst(prefix.count).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            fields[String(pair[0])] = String(pair[1])
        }
        guard let credential = fields["Credential"], let signed = fields["SignedHeaders"], let signature = fields["Signature"] else { return nil }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 4, scope[3] == "tc3_request" else { return nil }
        secretID = scope[0]
        date = scope[1]
        service = scope[2]
        signedHeaders = signed.split(separator: ";").map(String.init)
        self.signature = signature
    }
}
