import Crypto
import Foundation
import GovPushDomain
import GovPushStore

/// Creates tenants: a fresh key id (`gpk_` + 16 hex digits) and a 32-byte random secret, shown once and
/// stored sealed with the data key (`govpush tenant create`).
public enum TenantProvisioning {
    public struct Problem: Error, CustomStringConvertible { public let description: String }

    public struct Created: Sendable {
        public let tenant: TenantRecord
        /// The secret as the integrator configures it (64 hex digits). Shown once; never logged.
        public var secretText: String { String(decoding: tenant.secret, as: UTF8.self) }
    }

    public static func parseScopes(_ text: String) throws(Problem) -> [APIScope] {
        var scopes: [APIScope] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let scope = APIScope(rawValue: part) else {
                throw Problem(description: "unknown scope \"\(part)\"; scopes are \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        guard !scopes.isEmpty else { throw Problem(description: "give at least one scope") }
        return scopes
    }

    public static func create(name: String, scopes: [APIScope], in store: any APIStore, at time: Date = Date()) async throws -> Created {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count) else { throw Problem(description: "--name must be 1-100 characters") }
        let id = "gpk_" + SymmetricKey(size: .bits128).withUnsafeBytes { Array($0.prefix(8)) }.lowercaseHex
        // The secret is the hex text of 32 random bytes; HMAC keys are its UTF-8 bytes, as integrators type it.
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.lowercaseHex
        let tenant = TenantRecord(id: id, name: trimmed, scopes: scopes.map(\.rawValue), secret: Array(secret.utf8), createdAt: time)
        try await store.createTenant(tenant)
        return Created(tenant: tenant)
    }
}
