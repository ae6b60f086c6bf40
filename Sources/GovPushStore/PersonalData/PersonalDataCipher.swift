import Crypto
import Foundation
import GovPushDomain

/// Encrypts personal data at rest (phone numbers, e-mail addresses, openids, tenant secrets) with AES-256-GCM
/// under a `DataKeyRing`, and computes keyed lookup hashes so exact-match lookups need no clear text.
///
/// Ciphertext layout: `GPE1` | key-id length (1 byte) | key id | 12-byte nonce | ciphertext | 16-byte tag.
/// The key id lets old rows decrypt after a rotation; `needsReencryption` finds them. Encryption and
/// lookup keys are derived from each configured key with HKDF-SHA256 (different labels), so one secret
/// serves both without reusing key material across algorithms.
public struct PersonalDataCipher: Sendable {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    static let magic: [UInt8] = Array("GPE1".utf8)

    public let ring: DataKeyRing
    private let sealingKeys: [String: SymmetricKey]
    private let lookupKeys: [(id: String, key: SymmetricKey)]

    public init(ring: DataKeyRing) {
        self.ring = ring
        var sealing: [String: SymmetricKey] = [:]
        var lookup: [(String, SymmetricKey)] = []
        for key in ring.keys {
            sealing[key.id] = Self.derive(key.key, label: "govpush personal data encryption v1")
            lookup.append((key.id, Self.derive(key.key, label: "govpush personal data lookup v1")))
        }
        sealingKeys = sealing
        lookupKeys = lookup
    }

    /// A cipher on a freshly generated key (tests; `govpush dev` keeps its key in a file instead).
    public static func ephemeral() -> PersonalDataCipher { PersonalDataCipher(ring: .generated()) }

    public var primaryKeyID: String { ring.primary.id }

    /// Encrypts under the primary key.
    public func seal(_ plaintext: [UInt8]) throws(Failure) -> [UInt8] {
        let id = ring.primary.id
        let box: AES.GCM.SealedBox
        do { box = try AES.GCM.seal(plaintext, using: sealingKeys[id]!) } catch {
            throw Failure(description: "encryption failed")
        }
        var out = Self.magic
        out.append(UInt8(id.utf8.count))
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: box.combined!)
        return out
    }

    /// Decrypts with whichever key the ciphertext names; refuses unknown keys and tampered data.
    public func open(_ ciphertext: [UInt8]) throws(Failure) -> [UInt8] {
        let (id, body) = try Self.split(ciphertext)
        guard let key = sealingKeys[id] else {
            throw Failure(description: "encrypted under data key \"\(id)\", which is not in the configured key ring")
        }
        do {
            return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: body), using: key))
        } catch {
            throw Failure(description: "data encrypted under key \"\(id)\" failed authentication (tampered or wrong key)")
        }
    }

    /// Whether `ciphertext` was written under another key than the primary (or is not encrypted at all).
    public func needsReencryption(_ ciphertext: [UInt8]) -> Bool {
        guard let (id, _) = try? Self.split(ciphertext) else { return true }
        return id != ring.primary.id
    }

    public static func isSealed(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// The hex HMAC-SHA256 of `text` under the primary key's lookup key: what new rows store.
    public func lookupHash(_ text: String) -> String { HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: lookupKeys[0].key).lowercaseHex }

    /// The hashes of `text` under every key, for finding rows written before a rotation finished.
    public func lookupHashes(_ text: String) -> [String] {
        lookupKeys.map { HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: $0.key).lowercaseHex }
    }

    private static func split(_ bytes: [UInt8]) throws(Failure) -> (String, [UInt8]) {
        guard bytes.count > magic.count + 1, bytes.starts(with: magic) else { throw Failure(description: "not a GovPush ciphertext") }
        let length = Int(bytes[magic.count])
        let idStart = magic.count + 1
        guard bytes.count >= idStart + length + 12 + 16 else { throw Failure(description: "truncated ciphertext") }
        let id = String(decoding: bytes[idStart..<(idStart + length)], as: UTF8.self)
        return (id, Array(bytes[(idStart + length)...]))
    }

    private static func derive(_ key: SymmetricKey, label: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array(label.utf8), outputByteCount: 32)
    }
}
