import Foundation
import GovPushDomain

/// Who GovPush's e-mail comes from: an optional display name (e.g. 芜湖市政务公开办公室, RFC 2047-encoded in
/// the From header) and the address, which is also the envelope sender.
public struct EmailSender: Sendable, Equatable {
    public var displayName: String?
    public var address: EmailAddress

    public init(displayName: String? = nil, address: EmailAddress) {
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
        self.address = address
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `Name <address>` or a bare `address` (GOVPUSH_SMTP_FROM).
    public init(parsing text: String) throws(Invalid) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name: String?
        var addressText = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            addressText = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var phrase = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if phrase.count >= 2, phrase.hasPrefix("\""), phrase.hasSuffix("\"") { phrase = String(phrase.dropFirst().dropLast()) }
            name = phrase.isEmpty ? nil : phrase
        }
        guard !(name ?? "").unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw Invalid(description: "the sender's display name must not contain control characters")
        }
        let address: EmailAddress
        do { address = try EmailAddress(addressText) } catch {
            throw Invalid(description: "sender \(trimmed.contains("@") ? "address" : "\"\(trimmed)\"") is not an e-mail address: \(error)")
        }
        self.init(displayName: name, address: address)
    }
}
