import Foundation
import GovPushDomain

/// The settings a process would run with, flattened to `dotted.key = value` lines, with secrets masked:
/// any key naming a secret, password, token or key, and the password in any URL (`store.url`).
struct EffectiveSettings {
    static let mask = "****"
    private static let secretWords = ["secret", "password", "token", "key", "credential"]

    let lines: [String]

    init(_ configuration: GovPushConfiguration) throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(configuration))
        var lines: [String] = []
        Self.flatten(value, path: "", into: &lines)
        self.lines = lines.sorted()
    }

    static func isSecret(_ path: String) -> Bool {
        let last = (path.split(separator: ".").last.map(String.init) ?? path).lowercased()
        return secretWords.contains { last.contains($0) }
    }

    /// `scheme://user:password@host…?key=…` → `scheme://user:****@host…?key=****`: URLs carry credentials
    /// (a database password, a WeCom bot key in the query).
    static func maskingURLPassword(_ value: String) -> String {
        guard var components = URLComponents(string: value), components.scheme != nil, components.host != nil else { return value }
        var changed = false
        if components.password != nil {
            components.password = mask
            changed = true
        }
        if let items = components.queryItems, items.contains(where: { isSecret($0.name) }) {
            components.queryItems = items.map { isSecret($0.name) ? URLQueryItem(name: $0.name, value: mask) : $0 }
            changed = true
        }
        return changed ? (components.string ?? mask) : value
    }

    private static func flatten(_ value: JSONValue, path: String, into lines: inout [String]) {
        let text: String
        switch value {
        case .object(let object):
            for (key, nested) in object { flatten(nested, path: path.isEmpty ? key : "\(path).\(key)", into: &lines) }
            return
        case .array(let array):
            for (index, nested) in array.enumerated() { flatten(nested, path: "\(path)[\(index)]", into: &lines) }
            return
        case .null: text = "null"
        case .bool(let bool): text = String(bool)
        case .number(let number): text = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let string): text = maskingURLPassword(string)
        }
        lines.append("\(path) = \(isSecret(path) ? mask : text)")
    }
}
