import CRdKafka

/// librdkafka configuration as ordered (name, value) pairs, turned into an `rd_kafka_conf_t` with each
/// unknown or invalid property reported by name.
///
/// Typed configurations (`KafkaProducerConfiguration`, …) produce these; their `properties` dictionary
/// passes any other librdkafka property through and wins over the typed fields.
struct KafkaProperties: Sendable {
    private(set) var pairs: [(String, String)] = []

    mutating func set(_ name: String, _ value: String) {
        pairs.removeAll { $0.0 == name }
        pairs.append((name, value))
    }

    mutating func merge(_ overrides: [String: String]) {
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) { set(name, value) }
    }

    subscript(name: String) -> String? { pairs.last { $0.0 == name }?.1 }

    /// A new `rd_kafka_conf_t`; the caller owns it (until `rd_kafka_new` takes it).
    func makeConf() throws(KafkaError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in pairs {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                let reason = String(errorBuffer: errorText)
                let kind = result == RD_KAFKA_CONF_UNKNOWN ? "unknown configuration property" : "invalid value for configuration property"
                throw .invalidArgument("\(kind) \"\(name)\": \(reason)")
            }
        }
        return conf
    }
}

extension Duration {
    /// Whole milliseconds, as librdkafka's `*.ms` properties want them.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension String {
    /// The NUL-terminated text librdkafka wrote into an error buffer.
    init(errorBuffer: [CChar]) {
        self.init(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
