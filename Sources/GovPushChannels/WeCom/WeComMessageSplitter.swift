/// Cuts a WeCom bot message into parts that each fit the message type's byte limit, never inside a
/// character (a UTF-8 sequence or a grapheme cluster), preferring a line break in the second half of a part
/// so paragraphs stay whole.
public enum WeComMessageSplitter {
    public static func split(_ text: String, maximumBytes: Int) -> [String] {
        precondition(maximumBytes >= 8, "a part must hold at least one character")
        guard text.utf8.count > maximumBytes else { return [text] }
        var parts: [String] = []
        var rest = Substring(text)
        while rest.utf8.count > maximumBytes {
            var end = rest.startIndex, used = 0, lastBreak: String.Index?
            var index = rest.startIndex
            while index < rest.endIndex {
                let size = rest[index].utf8.count
                if used + size > maximumBytes { break }
                used += size
                let next = rest.index(after: index)
                if rest[index] == "\n", used >= maximumBytes / 2 { lastBreak = next }
                end = next
                index = next
            }
            let cut = lastBreak ?? end
            parts.append(String(rest[rest.startIndex..<cut]))
            rest = rest[cut...]
        }
        if !rest.isEmpty { parts.append(String(rest)) }
        return parts
    }
}
