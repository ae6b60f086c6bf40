import CRdKafka

/// A snapshot of the cluster as a metadata request saw it.
public struct KafkaClusterMetadata: Sendable {
    public struct Broker: Sendable, Equatable { public let id: Int32; public let host: String; public let port: Int32 }
    public struct Topic: Sendable, Equatable {
        public let name: String
        public let partitionCount: Int
        /// Set when the broker reported an error for the topic (e.g. unknown topic).
        public let errorCode: Int32
    }

    public let brokers: [Broker]
    public let topics: [String: Topic]

    init(_ raw: rd_kafka_metadata) {
        brokers = (0..<Int(raw.broker_cnt)).map { i in
            let b = raw.brokers[i]
            return Broker(id: b.id, host: String(cString: b.host), port: b.port)
        }
        var topics: [String: Topic] = [:]
        for i in 0..<Int(raw.topic_cnt) {
            let t = raw.topics[i]
            let name = String(cString: t.topic)
            topics[name] = Topic(name: name, partitionCount: Int(t.partition_cnt), errorCode: t.err.rawValue)
        }
        self.topics = topics
    }

    /// The named topics that the cluster does not have.
    public func missing(_ names: [String]) -> [String] {
        names.filter { topics[$0] == nil || topics[$0]!.errorCode != 0 || topics[$0]!.partitionCount == 0 }
    }
}
