import Foundation

/// A rule on one already-typed field, e.g. "not empty" or "a region that exists". Returns why the value is
/// refused, or nil. Rules live beside the fields they check so every payload states its own contract.
struct FieldCheck<Value>: Sendable {
    let reason: @Sendable (Value, any EventReferenceData) -> String?
}

extension FieldCheck where Value == String {
    static let nonEmpty = FieldCheck { text, _ in
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "must not be empty" : nil
    }

    /// Aggregate ids become Kafka keys and appear in logs and URLs: printable, no spaces, at most 128 bytes.
    static let identifier = FieldCheck { text, _ in
        if text.isEmpty { return "must not be empty" }
        if text.utf8.count > 128 { return "must be at most 128 bytes (is \(text.utf8.count))" }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return "must not contain spaces or control characters"
        }
        return nil
    }

    /// An absolute http(s) URL the notification can link to.
    static let webURL = FieldCheck { text, _ in
        let lowered = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lowered.hasPrefix($0) }) else {
            return "\"\(text)\" is not an absolute http(s) URL"
        }
        let rest = text.dropFirst(scheme.count)
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if host.isEmpty { return "\"\(text)\" has no host" }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return "\"\(text)\" contains spaces or control characters; percent-encode them"
        }
        return nil
    }

    /// 发文字号 per GB/T 9704-2012 §7.2.4: issuer code, year in 六角括号 〔〕, sequence number, 号
    /// (e.g. 芜政办秘〔2020〕47号). Required on every published policy (seed 004 §五.1 and §二 依申请公开 2).
    static let documentNumber = FieldCheck { text, _ in
        let example = "e.g. 芜政办秘〔2020〕47号"
        guard let open = text.firstIndex(of: "〔"), let close = text.firstIndex(of: "〕"), open < close else {
            return "\"\(text)\" is not a document number (文号): expected issuer code, year in 〔〕, number and 号, \(example)"
        }
        let issuer = text[..<open]
        let year = text[text.index(after: open)..<close]
        let tail = text[text.index(after: close)...]
        guard !issuer.isEmpty, !issuer.contains(where: \.isWhitespace) else {
            return "\"\(text)\" lacks the issuer code before 〔year〕, \(example)"
        }
        guard year.count == 4, year.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "\"\(text)\" must have a four-digit year inside 〔〕, \(example)"
        }
        guard tail.hasSuffix("号"), tail.count >= 2, tail.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "\"\(text)\" must end with the sequence number and 号 after 〔\(year)〕, \(example)"
        }
        return nil
    }
}

extension FieldCheck where Value == RegionCode {
    static let knownRegion = FieldCheck { code, reference in reference.regionProblem(code) }
}

extension FieldCheck where Value == DomainID {
    static let knownDomain = FieldCheck { id, reference in
        reference.isKnownDomain(id) ? nil : "unknown domain id \"\(id)\"; domains are listed in the domain catalog"
    }
}

extension FieldCheck where Value == DisclosureAttribute {
    /// Seed 000 task 3: only documents marked 主动公开 ("此件公开发布") may be pushed to the public.
    static let mayBePushed = FieldCheck { attribute, _ in
        attribute.mayBePushed ? nil
            : "a document marked \(attribute.chineseName) (\(attribute.rawValue)) must not be pushed to the public; "
                + "only 主动公开 (proactive, \"此件公开发布\") documents may be published (seed 000 task 3)"
    }
}

/// A rule on a whole list (its elements have already been read and checked one by one).
struct ListCheck<Element> {
    let reason: ([Element]) -> String?
}

extension ListCheck {
    static var nonEmpty: ListCheck { ListCheck { $0.isEmpty ? "must list at least one entry" : nil } }
}

extension ListCheck where Element: Hashable {
    static var noDuplicates: ListCheck {
        ListCheck { elements in
            var seen = Set<Element>()
            let duplicates = elements.filter { !seen.insert($0).inserted }
            return duplicates.isEmpty ? nil : "lists \(duplicates.map { "\($0)" }.joined(separator: ", ")) more than once"
        }
    }
}
