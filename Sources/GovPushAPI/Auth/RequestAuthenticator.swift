import Foundation
import GovPushStore
import HTTPTypes

/// Checks a request's key, timestamp, nonce and signature (docs/api.md "Authentication") and returns its
/// tenant. Every refusal is a 401 whose detail says which check failed, never anything about the secret.
struct RequestAuthenticator: Sendable {
    let store: any APIStore
    let maximumClockSkew: Duration

    static let keyName = HTTPField.Name(RequestSignature.keyHeader)!
    static let timestampName = HTTPField.Name(RequestSignature.timestampHeader)!
    static let nonceName = HTTPField.Name(RequestSignature.nonceHeader)!
    static let signatureName = HTTPField.Name(RequestSignature.signatureHeader)!

    func authenticate(method: String, target: String, headers: HTTPFields, body: [UInt8], now: Date) async throws -> TenantRecord {
        guard let keyID = headers[Self.keyName], !keyID.isEmpty else {
            throw APIProblem.unauthorized("missing-credentials", "the \(RequestSignature.keyHeader) header is required",
                                          field: RequestSignature.keyHeader)
        }
        guard let timestamp = headers[Self.timestampName], let seconds = Int64(timestamp) else {
            throw APIProblem.unauthorized("invalid-timestamp", "\(RequestSignature.timestampHeader) must be unix seconds",
                                          field: RequestSignature.timestampHeader)
        }
        let skew = Int64(now.timeIntervalSince1970.rounded(.down)) - seconds
        guard abs(skew) <= maximumClockSkew.components.seconds else {
            throw APIProblem.unauthorized("stale-timestamp",
                                          "the timestamp is \(abs(skew)) s away from the server's clock (at most \(maximumClockSkew.components.seconds) s allowed)",
                                          field: RequestSignature.timestampHeader)
        }
        guard let nonce = headers[Self.nonceName], (16...128).contains(nonce.utf8.count),
              nonce.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIProblem.unauthorized("invalid-nonce", "\(RequestSignature.nonceHeader) must be 16-128 printable ASCII characters, fresh for every request",
                                          field: RequestSignature.nonceHeader)
        }
        guard let signature = headers[Self.signatureName] else {
            throw APIProblem.unauthorized("missing-credentials", "the \(RequestSignature.signatureHeader) header is required",
                                          field: RequestSignature.signatureHeader)
        }
        // Unknown keys and wrong signatures answer alike, so probing does not reveal which keys exist.
        guard keyID.utf8.count <= 64, let tenant = try await store.tenant(id: keyID),
              RequestSignature.isValid(signature, secret: tenant.secret, method: method, pathWithQuery: target,
                                       timestamp: timestamp, nonce: nonce, body: body) else {
            throw APIProblem.unauthorized("invalid-signature", "unknown key or signature mismatch (see docs/api.md for the canonical request)",
                                          field: RequestSignature.signatureHeader)
        }
        // Remember the nonce for as long as a request with this timestamp could still be accepted.
        let expires = Date(timeIntervalSince1970: TimeInterval(seconds)).addingTimeInterval(Double(maximumClockSkew.components.seconds) + 1)
        guard try await store.registerNonce(nonce, keyID: keyID, expiresAt: max(expires, now.addingTimeInterval(1)), now: now) else {
            throw APIProblem.unauthorized("replayed-nonce", "this nonce was already used; send a fresh one with every request",
                                          field: RequestSignature.nonceHeader)
        }
        return tenant
    }
}
