import CRdKafka
import Logging

/// Reads another consumer group's progress without joining it: its committed offsets (OffsetFetch) against
/// the partitions' watermarks. Used for backpressure (the dispatcher waits while the deliverers lag) and
/// for the consumer-lag metric.
public final class KafkaGroupLag: Sendable {
    public let group: String
    private let client: KafkaClient

    private init(group: String, client: KafkaClient) {
        self.group = group
        self.client = client
    }

    /// A consumer-type handle named after `group` that never subscribes, so it never joins the group.
    public static func connect(bootstrapServers: String, group: String, properties: [String: String] = [:],
                               logger: Logger = Logger(label: "govpush.kafka.lag")) throws(KafkaError) -> KafkaGroupLag {
        var p = KafkaProperties()
        p.set("bootstrap.servers", bootstrapServers)
        p.set("client.id", "govpush-lag-\(group)")
        p.merge(properties)
        p.set("group.id", group)
        p.set("enable.auto.commit", "false")
        return KafkaGroupLag(group: group, client: try KafkaClient(type: RD_KAFKA_CONSUMER, properties: p, logger: logger))
    }

    /// Records in `topic` the group has not committed past: per partition, the high watermark minus the
    /// committed offset (or minus the low watermark where the group has committed nothing yet).
    public func lag(topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> Int64 {
        guard let partitions = try await client.metadata(timeout: timeout).topics[topic]?.partitionCount, partitions > 0 else {
            throw KafkaError(code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue, message: "topic \(topic) does not exist")
        }
        return try await client.blocking { [client] () throws(KafkaError) -> Int64 in
            let list = rd_kafka_topic_partition_list_new(Int32(partitions))!
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for partition in Int32(0)..<Int32(partitions) { rd_kafka_topic_partition_list_add(list, topic, partition) }
            let millis = Int32(clamping: timeout.milliseconds)
            let err = rd_kafka_committed(client.handle, list, millis)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "committed offsets of group") }
            var total: Int64 = 0
            for i in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[i]
                var low: Int64 = 0, high: Int64 = 0
                let err = rd_kafka_query_watermark_offsets(client.handle, topic, element.partition, &low, &high, millis)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "watermarks of \(topic)[\(element.partition)]") }
                total += max(0, high - (element.offset >= 0 ? element.offset : low))
            }
            return total
        }
    }

    public func close() async { await client.destroy() }
}
