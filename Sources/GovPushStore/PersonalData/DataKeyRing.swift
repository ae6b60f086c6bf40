import Crypto
import Foundation

/// The keys personal data is encrypted under (数据加密密钥): one primary key for new writes and any number
/// of older ones that still decrypt, each named by a short id stored in front of every ciphertext.
///
/// Configured as `id=base64key,id=base64key` (GOVPUSH_DATA_KEYS; first = primary; keys are 32 random bytes).
/// Rotation: put a new key first, keep the old ones, then re-encrypt (`govpush keys rotate`).
public struct DataKeyRing: Sendable {
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public struct Key: Sendable {
        public let id: String
        let key: SymmetricKey
    }

    /// Keys in configuration order; the first is the primary.
    public let keys: [Key]
    public var primary: Key { keys[0] }

    public init(_ keys: [(id: String, bytes: [UInt8])]) throws(Problem) {
        guard !keys.isEmpty else { throw Problem(description: "the data key ring is empty: configure at least one key") }
        var seen = Set<String>()
        var ring: [Key] = []
        for (id, bytes) in keys {
            guard (1...32).contains(id.utf8.count), id.utf8.allSatisfy({ Self.isIDByte($0) }) else {
                throw Problem(description: "data key id \"\(id)\" must be 1-32 letters, digits, '-' or '_'")
            }
            guard seen.insert(id).inserted else { throw Problem(description: "data key id \"\(id)\" is listed twice") }
            guard bytes.count == 32 else {
                throw Problem(description: "data key \"\(id)\" must be 32 bytes (base64 of 32 random bytes), got \(bytes.count)")
            }
            ring.append(Key(id: id, key: SymmetricKey(data: bytes)))
        }
        self.keys = ring
    }

    /// Parses `id=base64,id=base64` (whitespace around entries ignored). Key material never appears in errors.
    public init(configuration text: String) throws(Problem) {
        var parsed: [(id: String, bytes: [UInt8])] = []
        for entry in text.split(separator: ",") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw Problem(description: "data key entries have the form id=base64key (GOVPUSH_DATA_KEYS)")
            }
            let id = String(trimmed[..<equals])
            guard let bytes = Data(base64Encoded: String(trimmed[trimmed.index(after: equals)...])) else {
                throw Problem(description: "data key \"\(id)\" is not valid base64")
            }
            parsed.append((id, Array(bytes)))
        }
        try self.init(parsed)
    }

    /// A fresh random key with `id`, for tests and for `govpush dev`'s local key file.
    public static func generated(id: String = "dev") -> DataKeyRing {
        let key = SymmetricKey(size: .bits256)
        return try! DataKeyRing([(id, key.withUnsafeBytes { Array($0) })])
    }

    /// The ring in its configuration form (for writing `govpush dev`'s key file; never log it).
    public var configurationText: String {
        keys.map { key in key.id + "=" + key.key.withUnsafeBytes { Data($0).base64EncodedString() } }.joined(separator: ",")
    }

    public func key(id: String) -> Key? { keys.first { $0.id == id } }

    static func isIDByte(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D || b == 0x5F
    }
}
