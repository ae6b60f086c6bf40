/// A Kafka record header. Values are bytes; the same name may appear more than once.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }
}

extension Array where Element == KafkaHeader {
    /// The first header with this name, decoded as UTF-8.
    public func string(_ name: String) -> String? {
        first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }
}
