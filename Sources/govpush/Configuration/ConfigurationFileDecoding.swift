import Foundation

/// Reading the configuration file: a file names only the settings it changes, and a key the
/// configuration does not have is found, not silently ignored.
extension GovPushConfiguration {
    /// Decodes `data` over the defaults. Swift's synthesized decoding would demand every section
    /// (`kafka`, `store`, `http`, …) in the file; merging the file onto the encoded defaults first lets
    /// a file hold only what it sets, whichever sections other features add later.
    static func decodeFile(_ data: Data) throws -> GovPushConfiguration {
        let file = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        guard let fileObject = file as? [String: Any] else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "the file must hold one JSON object"))
        }
        let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(GovPushConfiguration())) as? [String: Any] ?? [:]
        let merged = Self.merge(fileObject, over: defaults)
        return try JSONDecoder().decode(GovPushConfiguration.self, from: JSONSerialization.data(withJSONObject: merged))
    }

    /// Dotted paths of keys in the file that the configuration does not know (typos, removed settings).
    /// A known key survives decoding and re-encoding; an unknown one is dropped by it.
    static func unknownFileKeys(_ data: Data) throws -> [String] {
        guard let file = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        let decoded = try decodeFile(data)
        let known = try JSONSerialization.jsonObject(with: JSONEncoder().encode(decoded)) as? [String: Any] ?? [:]
        return Self.missingPaths(file, in: known, prefix: "").sorted()
    }

    private static func merge(_ top: [String: Any], over base: [String: Any]) -> [String: Any] {
        var result = base
        for (key, value) in top {
            if let nested = value as? [String: Any], let baseNested = base[key] as? [String: Any] {
                result[key] = merge(nested, over: baseNested)
            } else {
                result[key] = value
            }
        }
        return result
    }

    private static func missingPaths(_ file: [String: Any], in known: [String: Any], prefix: String) -> [String] {
        var missing: [String] = []
        for (key, value) in file {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if value is NSNull { continue }  // an explicit null encodes as absence, known or not
            guard let knownValue = known[key] else { missing.append(path); continue }
            if let nested = value as? [String: Any], let knownNested = knownValue as? [String: Any] {
                missing += missingPaths(nested, in: knownNested, prefix: path)
            }
        }
        return missing
    }
}
