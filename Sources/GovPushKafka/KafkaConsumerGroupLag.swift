import CRdKafka
import Logging

/// How far a consumer group is behind on a topic, read from outside the group: the partitions' high
/// watermarks minus the group's committed offsets (OffsetFetch through a client that never joins the
/// group, so measuring does not trigger a rebalance). A partition with no commit counts whole.
public enum KafkaConsumerGroupLag {
    public static func lag(group: String, topic: String, bootstrapServers: String, properties: [String: String] = [:],
                           timeout: Duration = .seconds(5),
                           logger: Logger = Logger(label: "govpush.kafka.lag")) async throws(KafkaError) -> Int64 {
        let admin = try await KafkaAdmin.connect(bootstrapServers: bootstrapServers, properties: properties,
                                                 connectTimeout: timeout, logger: logger)
        let highs: [Int32: Int64]
        do throws(KafkaError) { highs = try await admin.highWatermarks(topic: topic, timeout: timeout) } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        var p = KafkaProperties()
        p.set("bootstrap.servers", bootstrapServers)
        p.set("group.id", group)
        p.set("client.id", "govpush-lag")
        p.set("enable.auto.commit", "false")
        p.merge(properties)
        let client = try KafkaClient(type: RD_KAFKA_CONSUMER, properties: p, logger: logger)
        let committed: [Int32: Int64]
        do throws(KafkaError) {
            committed = try await client.blocking { [client] () throws(KafkaError) -> [Int32: Int64] in
                let list = rd_kafka_topic_partition_list_new(Int32(highs.count))!
                defer { rd_kafka_topic_partition_list_destroy(list) }
                for partition in highs.keys { rd_kafka_topic_partition_list_add(list, topic, partition) }
                let err = rd_kafka_committed(client.handle, list, Int32(clamping: timeout.milliseconds))
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "committed offsets of group \(group)") }
                var result: [Int32: Int64] = [:]
                for i in 0..<Int(list.pointee.cnt) where list.pointee.elems[i].offset >= 0 {
                    result[list.pointee.elems[i].partition] = list.pointee.elems[i].offset
                }
                return result
            }
        } catch {
            await client.destroy()
            throw error
        }
        await client.destroy()
        return highs.reduce(Int64(0)) { total, entry in total + max(0, entry.value - (committed[entry.key] ?? 0)) }
    }
}
