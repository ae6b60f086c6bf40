import Foundation

/// How to turn one JSON value into a typed field, or say why it cannot be (without the path; the
/// reader adds it). Structural only: emptiness, known regions and the like are `PayloadRule`s.
struct FieldFormat<Value>: Sendable {
    let read: @Sendable (JSONValue) -> Result<Value, FieldProblem>
}

struct FieldProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

extension JSONValue {
    /// A short name of the JSON kind, for "expected a string, found a number" messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension FieldFormat where Value == String {
    static let text = FieldFormat { value in
        guard case .string(let text) = value else { return .failure(FieldProblem("expected a string, found \(value.kindName)")) }
        return .success(text)
    }
}

extension FieldFormat {
    /// A string that must parse as `Value`; `parse` says why when it does not.
    static func parsedText(_ parse: @escaping @Sendable (String) -> Result<Value, FieldProblem>) -> FieldFormat {
        FieldFormat { value in
            guard case .string(let text) = value else { return .failure(FieldProblem("expected a string, found \(value.kindName)")) }
            return parse(text)
        }
    }
}

extension FieldFormat where Value == RegionCode {
    /// 6-, 9- or 12-digit administrative division code (structure only; existence is reference data).
    static let region = FieldFormat.parsedText { text in
        do throws(RegionCode.ParseError) { return .success(try RegionCode(text)) } catch { return .failure(FieldProblem(error.description)) }
    }
}

extension FieldFormat where Value == DomainID {
    static let domain = FieldFormat.parsedText { text in
        do throws(DomainID.ParseError) { return .success(try DomainID(text)) } catch { return .failure(FieldProblem(error.description)) }
    }
}

extension FieldFormat where Value == CalendarDay {
    /// Disclosure documents date from the People's Republic (1949) on; anything earlier is a typo.
    static let date = FieldFormat.parsedText { text in
        guard let date = try? CalendarDay(text), date.year >= 1949 else {
            return .failure(FieldProblem("\"\(text)\" is not a calendar date written YYYY-MM-DD (1949 or later)"))
        }
        return .success(date)
    }
}

extension FieldFormat where Value == Date {
    static let timestamp = FieldFormat.parsedText { text in
        guard let date = RFC3339Timestamp.parse(text) else {
            return .failure(FieldProblem("\"\(text)\" is not an RFC 3339 timestamp with offset, e.g. 2026-11-21T08:30:00+08:00"))
        }
        return .success(date)
    }
}

extension FieldFormat where Value: EventVocabulary {
    static var vocabulary: FieldFormat {
        FieldFormat.parsedText { text in
            guard let term = Value(wireName: text) else {
                return .failure(FieldProblem("\"\(text)\" is not a known \(Value.vocabularyName); expected one of \(Value.acceptedNames)"))
            }
            return .success(term)
        }
    }
}
