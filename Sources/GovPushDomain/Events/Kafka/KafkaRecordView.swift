/// The parts of a Kafka record the event contract reads and writes: key, value and headers. The Kafka
/// layer (another module) converts its own record type to and from this, so the domain core does no I/O.
public struct KafkaRecordView: Sendable, Equatable {
    public var key: [UInt8]?
    /// A tombstone (null value) is an empty array here.
    public var value: [UInt8]
    /// In record order; Kafka allows repeated names.
    public var headers: [RecordHeader]

    public init(key: [UInt8]?, value: [UInt8], headers: [RecordHeader]) {
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The last header called `name` (Kafka's convention when a name repeats).
    public func header(_ name: String) -> [UInt8]? {
        headers.last { $0.name == name }?.value
    }
}

/// One Kafka record header.
public struct RecordHeader: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]

    public init(_ name: String, _ value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ text: String) {
        self.init(name, Array(text.utf8))
    }
}
