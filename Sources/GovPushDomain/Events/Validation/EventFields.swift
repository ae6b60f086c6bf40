/// Reads the fields of one JSON object, collecting an issue (with its full path) for every field that is
/// missing or of the wrong shape, so a payload reports all its problems at once.
/// Unknown fields are ignored: consumers must tolerate fields added by newer producers.
struct EventFields {
    let path: String
    let reference: any EventReferenceData
    private let object: [String: JSONValue]
    private(set) var issues: [ValidationIssue] = []
    /// False when the value was not an object at all (further "is required" complaints would be noise).
    let isObject: Bool

    init(_ value: JSONValue, path: String, reference: any EventReferenceData) {
        self.path = path
        self.reference = reference
        if case .object(let object) = value {
            self.object = object
            self.isObject = true
        } else {
            self.isObject = false
            self.object = [:]
            issues.append(ValidationIssue(path: path, reason: "expected a JSON object, found \(value.kindName)"))
        }
    }

    func childPath(_ key: String) -> String { "\(path).\(key)" }

    mutating func required<Value>(_ key: String, _ format: FieldFormat<Value>, _ checks: FieldCheck<Value>...) -> Value? {
        guard let value = present(key) else {
            if isObject { issues.append(ValidationIssue(path: childPath(key), reason: "is required")) }
            return nil
        }
        return convert(value, at: childPath(key), format, checks)
    }

    mutating func optional<Value>(_ key: String, _ format: FieldFormat<Value>, _ checks: FieldCheck<Value>...) -> Value? {
        guard let value = present(key) else { return nil }
        return convert(value, at: childPath(key), format, checks)
    }

    /// Records a problem with this object as a whole.
    mutating func reportOnObject(_ reason: String) {
        issues.append(ValidationIssue(path: path, reason: reason))
    }

    /// Records a problem found across fields (e.g. an expiry before the effective date).
    mutating func report(_ key: String, _ reason: String) {
        issues.append(ValidationIssue(path: childPath(key), reason: reason))
    }

    /// A required array; each element that cannot be read is reported as `key[index]`.
    mutating func requiredList<Value>(_ key: String, _ format: FieldFormat<Value>, each checks: [FieldCheck<Value>] = [],
                                      whole listChecks: [ListCheck<Value>] = []) -> [Value]? {
        guard let value = present(key) else {
            if isObject { issues.append(ValidationIssue(path: childPath(key), reason: "is required")) }
            return nil
        }
        guard case .array(let elements) = value else {
            issues.append(ValidationIssue(path: childPath(key), reason: "expected an array, found \(value.kindName)"))
            return nil
        }
        var result: [Value] = []
        var failed = false
        for (index, element) in elements.enumerated() {
            if let read = convert(element, at: "\(childPath(key))[\(index)]", format, checks) { result.append(read) } else { failed = true }
        }
        for check in listChecks {
            if let reason = check.reason(result) { issues.append(ValidationIssue(path: childPath(key), reason: reason)) }
        }
        return failed ? nil : result
    }

    /// A required nested object, read by `read` with its own path prefix.
    mutating func requiredObject<Value>(_ key: String, _ read: (inout EventFields) -> Value?) -> Value? {
        guard let value = present(key) else {
            if isObject { issues.append(ValidationIssue(path: childPath(key), reason: "is required")) }
            return nil
        }
        var nested = EventFields(value, path: childPath(key), reference: reference)
        let result = read(&nested)
        issues += nested.issues
        return nested.issues.isEmpty ? result : nil
    }

    /// JSON null counts as absent.
    private func present(_ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    private mutating func convert<Value>(_ value: JSONValue, at path: String, _ format: FieldFormat<Value>,
                                         _ checks: [FieldCheck<Value>]) -> Value? {
        switch format.read(value) {
        case .success(let read):
            let reasons = checks.compactMap { $0.reason(read, reference) }
            issues += reasons.map { ValidationIssue(path: path, reason: $0) }
            return reasons.isEmpty ? read : nil
        case .failure(let problem):
            issues.append(ValidationIssue(path: path, reason: problem.reason))
            return nil
        }
    }
}
