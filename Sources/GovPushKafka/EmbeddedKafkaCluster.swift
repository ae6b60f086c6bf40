import CRdKafka
import Logging

/// librdkafka's mock cluster: a real Kafka-protocol server on loopback TCP ports, in memory, with
/// fault injection. Used by `govpush cluster`, `govpush dev` and the tests.
///
/// Each mock partition keeps only about 5 MB; consumers must not fall far behind (DESIGN.md).
public final class EmbeddedKafkaCluster: @unchecked Sendable {  // the mock cluster is internally locked
    /// Kafka API keys that fault injection can target.
    public enum API: Int16, Sendable {
        case produce = 0, fetch = 1, listOffsets = 2, metadata = 3, offsetCommit = 8, offsetFetch = 9
        case findCoordinator = 10, joinGroup = 11, heartbeat = 12, leaveGroup = 13, syncGroup = 14
        case initProducerId = 22
    }

    public let bootstrapServers: String
    public let brokerIDs: [Int32]
    private let handle: OpaquePointer
    private let cluster: OpaquePointer

    /// Starts `brokers` mock brokers on 127.0.0.1 (ephemeral ports).
    public init(brokers: Int = 3, logger: Logger = Logger(label: "govpush.kafka.embedded")) throws(KafkaError) {
        guard (1...32).contains(brokers) else { throw .invalidArgument("an embedded cluster has 1 to 32 brokers, not \(brokers)") }
        var p = KafkaProperties()
        p.set("client.id", "govpush-embedded-cluster")
        // This handle only hosts the mock brokers; its "no bootstrap.servers" notice is noise.
        p.set("log_level", "4")
        let conf = try p.makeConf()
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw .invalidArgument("cannot start the embedded cluster: \(String(errorBuffer: errorText))")
        }
        guard let cluster = rd_kafka_mock_cluster_new(handle, Int32(brokers)) else {
            rd_kafka_destroy(handle)
            throw .invalidArgument("cannot start the embedded cluster's \(brokers) brokers")
        }
        self.handle = handle
        self.cluster = cluster
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        self.brokerIDs = (1...Int32(brokers)).map { $0 }
        logger.info("embedded Kafka cluster started", metadata: ["bootstrap": "\(bootstrapServers)"])
    }

    /// Creates a topic directly in the mock (no admin round trip).
    public func createTopic(_ spec: KafkaTopicSpec) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(cluster, spec.name, Int32(spec.partitions), Int32(min(spec.replicationFactor, brokerIDs.count)))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "create topic \(spec.name)") }
    }

    /// Takes a broker down: its connections close and it refuses new ones until `setBrokerUp`.
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_broker_set_down(cluster, id)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "take broker \(id) down") }
    }

    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_broker_set_up(cluster, id)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "bring broker \(id) up") }
    }

    /// Makes the next requests of this API kind (to any broker) fail with these errors, in order.
    public func pushRequestErrors(_ api: API, _ errors: [rd_kafka_resp_err_t]) {
        errors.withUnsafeBufferPointer { rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, $0.count, $0.baseAddress) }
    }

    /// Moves a partition's leadership, as a real cluster does after a broker failure.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "set leader of \(topic)[\(partition)]") }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(handle)
    }
}
