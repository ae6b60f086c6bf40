import Foundation

/// A parsed JSON value. Event payloads are read from this rather than straight through `Codable`, so that
/// validation can walk every field and report *all* problems at once, each with its path.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let string = try? container.decode(String.self) { self = .string(string) }
        else if let array = try? container.decode([JSONValue].self) { self = .array(array) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array)
        case .object(let object): try container.encode(object)
        }
    }

    /// The deepest nesting accepted; deeper input is refused before parsing so hostile bytes cannot
    /// exhaust the stack.
    public static let maximumDepth = 64

    /// Parses UTF-8 JSON bytes. The error says where the text went wrong when Foundation knows.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        if let depthProblem = Self.nestingProblem(bytes) { throw JSONSyntaxError(reason: depthProblem) }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw JSONSyntaxError(reason: Self.syntaxProblem(bytes))
        }
    }

    /// Compact JSON with sorted keys, so the same value always encodes to the same bytes.
    public var encoded: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail except for non-finite numbers, which parsing never yields.
        return (try? Array(encoder.encode(self))) ?? Array("null".utf8)
    }

    /// JSONDecoder on Linux only says "not valid JSON"; JSONSerialization names the character offset.
    private static func syntaxProblem(_ bytes: [UInt8]) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return "not valid JSON"
        } catch let error as NSError {
            if let detail = error.userInfo[NSDebugDescriptionErrorKey] as? String { return "not valid JSON: \(detail)" }
            return "not valid JSON"
        }
    }

    private static func nestingProblem(_ bytes: [UInt8]) -> String? {
        var depth = 0, inString = false, escaped = false
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > maximumDepth { return "JSON nests deeper than \(maximumDepth) levels at character \(offset)" }
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        return nil
    }
}

/// Why bytes could not be read as JSON.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
