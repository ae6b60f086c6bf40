import Foundation

/// Non-ASCII text in message headers (RFC 2047): `=?UTF-8?B?<base64>?=` encoded-words, each at most 75
/// characters (§2), split only between characters so no word holds part of a UTF-8 sequence (§5), and
/// folded onto continuation lines. ASCII text that cannot be mistaken for an encoded-word stays as it is.
enum RFC2047EncodedWords {
    static let maximumWordLength = 75
    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="

    /// Whether `text` must be encoded to appear in a header.
    static func needsEncoding(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value > 0x7E } || text.contains("=?")
    }

    /// The encoded-words for `text`; the first may be shorter (`firstWordLimit`) to leave room for the
    /// header's name on its line.
    static func encode(_ text: String, firstWordLimit: Int = maximumWordLength) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func capacity() -> Int {
            // Base64 turns every 3 bytes into 4 characters.
            let limit = words.isEmpty ? min(firstWordLimit, maximumWordLength) : maximumWordLength
            return max(1, (limit - prefix.count - suffix.count) / 4) * 3
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(prefix + Data(chunk).base64EncodedString() + suffix)
            chunk.removeAll(keepingCapacity: true)
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count <= capacity() {
                chunk += bytes
                continue
            }
            flush()
            if bytes.count <= capacity() {
                chunk = bytes
            } else {
                // A grapheme cluster longer than a word (long emoji sequences): split between its scalars.
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > capacity() { flush() }
                    chunk += scalarBytes
                }
            }
        }
        flush()
        return words
    }

    /// A complete header field, `Name: value`, folded at 78 characters where possible (RFC 5322 §2.1.1);
    /// `value` encoded when it must be. `suffix` (e.g. ` <address>`) follows the text unencoded.
    static func headerField(_ name: String, _ value: String, suffix: String = "") -> String {
        guard needsEncoding(value) else { return "\(name): \(value)\(suffix)" }
        let words = encode(value, firstWordLimit: 78 - name.count - 2)
        let lastLineLength = (words.count == 1 ? name.count + 2 : 1) + (words.last?.count ?? 0)
        // The suffix starts with a space, so it can begin a continuation line when the last one is full.
        let fold = lastLineLength + suffix.count > 78 ? "\r\n" : ""
        return "\(name): " + words.joined(separator: "\r\n ") + fold + suffix
    }
}
