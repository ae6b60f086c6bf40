/// A record to produce. Without a partition, librdkafka's partitioner picks one from the key, so all
/// records of one key (one policy, one incident, one case) stay ordered in one partition.
public struct KafkaProducerMessage: Sendable {
    public var topic: String
    public var partition: Int32?
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }

    public init(topic: String, key: String?, value: String, headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }
}

/// Where a produced record landed.
public struct KafkaDeliveryReport: Sendable, Equatable {
    public let topic: String
    public let partition: Int32
    /// -1 when the broker did not report one (an idempotent retry of an already-stored record).
    public let offset: Int64
}

/// The outcome of a batch: how many records were stored, and each failed record's index and error.
public struct KafkaBatchReport: Sendable {
    public let count: Int
    public let failures: [(index: Int, error: KafkaError)]
    public var delivered: Int { count - failures.count }

    /// Throws the first failure, if any.
    public func check() throws(KafkaError) {
        if let first = failures.first {
            throw KafkaError(
                code: first.error.code,
                message: "\(failures.count) of \(count) records failed; first (#\(first.index)): \(first.error.message)",
                isRetriable: first.error.isRetriable,
                isFatal: first.error.isFatal
            )
        }
    }
}
