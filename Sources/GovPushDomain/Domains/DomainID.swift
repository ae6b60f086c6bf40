/// A disclosure domain's stable ASCII identifier (e.g. `social-assistance` for 社会救助).
///
/// The set of domains is data (the 26 pilot domains of seed 001's annex, plus domains added later per
/// seed 000 "26个试点领域外的其他领域"), so this is a validated string, not an enum.
public struct DomainID: Hashable, Comparable, Sendable, CustomStringConvertible, TextCodable {
    public let rawValue: String

    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self {
            case .invalid(let s):
                "domain id \"\(s)\" must be 1-64 characters of lowercase ASCII letters, digits and '-'"
            }
        }
    }

    public init(_ rawValue: String) throws(ParseError) {
        let ok = (1...64).contains(rawValue.utf8.count) && rawValue.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D
        }
        guard ok else { throw .invalid(rawValue) }
        self.rawValue = rawValue
    }

    public var encodedText: String { rawValue }

    public var description: String { rawValue }
    public static func < (a: DomainID, b: DomainID) -> Bool { a.rawValue < b.rawValue }
}
