import CRdKafka
import Logging

/// Cluster administration: topic creation (idempotent) and metadata.
public final class KafkaAdmin: Sendable {
    public enum TopicCreation: Sendable, Equatable { case created, alreadyExisted }

    private let client: KafkaClient

    private init(client: KafkaClient) { self.client = client }

    /// Creates the admin client and checks that the cluster answers within `connectTimeout`.
    public static func connect(
        bootstrapServers: String,
        properties: [String: String] = [:],
        connectTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "govpush.kafka.admin")
    ) async throws(KafkaError) -> KafkaAdmin {
        var p = KafkaProperties()
        p.set("bootstrap.servers", bootstrapServers)
        p.set("client.id", "govpush-admin")
        p.merge(properties)
        let admin = KafkaAdmin(client: try KafkaClient(type: RD_KAFKA_PRODUCER, properties: p, logger: logger))
        do throws(KafkaError) {
            _ = try await admin.client.metadata(timeout: connectTimeout)
        } catch {
            await admin.close()
            throw error
        }
        return admin
    }

    public func metadata(timeout: Duration = .seconds(10)) async throws(KafkaError) -> KafkaClusterMetadata {
        try await client.metadata(timeout: timeout)
    }

    /// Creates the topics; a topic that already exists is reported as such, not as an error, so running
    /// this again is harmless. Any other per-topic failure throws, naming the topic.
    public func createTopics(_ specs: [KafkaTopicSpec], timeout: Duration = .seconds(30)) async throws(KafkaError) -> [String: TopicCreation] {
        for spec in specs {
            guard spec.partitions > 0 else { throw .invalidArgument("topic \(spec.name): partitions must be positive, got \(spec.partitions)") }
            guard spec.replicationFactor > 0 else { throw .invalidArgument("topic \(spec.name): replication factor must be positive, got \(spec.replicationFactor)") }
        }
        return try await client.blocking { [client] () throws(KafkaError) -> [String: TopicCreation] in
            let handle = client.handle
            var newTopics: [OpaquePointer?] = []
            defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
            var errorText = [CChar](repeating: 0, count: 512)
            for spec in specs {
                guard let topic = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor), &errorText, errorText.count) else {
                    throw .invalidArgument("topic \(spec.name): \(String(errorBuffer: errorText))")
                }
                newTopics.append(topic)
                for (name, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                    let err = rd_kafka_NewTopic_set_config(topic, name, value)
                    guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "topic \(spec.name) config \(name)=\(value)") }
                }
            }
            let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, Int32(clamping: timeout.milliseconds), &errorText, errorText.count)
            _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(clamping: timeout.milliseconds), &errorText, errorText.count)
            let queue = rd_kafka_queue_new(handle)
            defer { rd_kafka_queue_destroy(queue) }
            rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)
            guard let event = rd_kafka_queue_poll(queue, Int32(clamping: (timeout + .seconds(5)).milliseconds)) else {
                throw .timedOut("creating topics: no answer within \(timeout)")
            }
            defer { rd_kafka_event_destroy(event) }
            let eventErr = rd_kafka_event_error(event)
            guard eventErr == RD_KAFKA_RESP_ERR_NO_ERROR else {
                var text = "creating topics: \(String(cString: rd_kafka_event_error_string(event)))"
                if eventErr == RD_KAFKA_RESP_ERR__TIMED_OUT {
                    // librdkafka's mock cluster (`govpush cluster`, `govpush dev`) has no CreateTopics at all.
                    text += " (no broker at \(client.bootstrapServers) accepted CreateTopics within \(timeout); "
                        + "an embedded `govpush cluster` creates GovPush's topics itself and needs no `topics create`)"
                }
                throw KafkaError(code: eventErr.rawValue, message: text, isRetriable: true)
            }
            var count = 0
            guard let results = rd_kafka_event_CreateTopics_result(event),
                  let topics = rd_kafka_CreateTopics_result_topics(results, &count) else {
                throw .invalidArgument("creating topics: unexpected admin result")
            }
            var outcome: [String: TopicCreation] = [:]
            for i in 0..<count {
                let result = topics[i]
                let name = String(cString: rd_kafka_topic_result_name(result))
                switch rd_kafka_topic_result_error(result) {
                case RD_KAFKA_RESP_ERR_NO_ERROR: outcome[name] = .created
                case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: outcome[name] = .alreadyExisted
                case let err:
                    let text = rd_kafka_topic_result_error_string(result).map { String(cString: $0) } ?? ""
                    throw KafkaError(code: err.rawValue, message: "creating topic \(name): \(text)")
                }
            }
            return outcome
        }
    }

    /// Each partition's high watermark: the offset the next record will get, i.e. how many records the
    /// partition has ever received (the mock cluster drops old data but keeps counting).
    public func highWatermarks(topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> [Int32: Int64] {
        try await watermarks(topic: topic, timeout: timeout).mapValues(\.high)
    }

    /// Each partition's low watermark (the oldest offset still held) and high watermark (the next offset).
    public func watermarks(topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> [Int32: (low: Int64, high: Int64)] {
        guard let partitions = try await metadata(timeout: timeout).topics[topic]?.partitionCount, partitions > 0 else {
            throw KafkaError(code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue, message: "topic \(topic) does not exist")
        }
        return try await client.blocking { [client] () throws(KafkaError) -> [Int32: (low: Int64, high: Int64)] in
            var result: [Int32: (low: Int64, high: Int64)] = [:]
            for partition in Int32(0)..<Int32(partitions) {
                var low: Int64 = 0, high: Int64 = 0
                let err = rd_kafka_query_watermark_offsets(client.handle, topic, partition, &low, &high, Int32(clamping: timeout.milliseconds))
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "watermarks of \(topic)[\(partition)]") }
                result[partition] = (low, high)
            }
            return result
        }
    }

    public func close() async { await client.destroy() }
}
