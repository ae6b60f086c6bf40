import CRdKafka
import Logging
import Synchronization

/// A member of a Kafka consumer group for Swift concurrency.
///
/// Records arrive through `messages`, an `AsyncSequence` that fetches in batches on the client's own
/// thread. Offsets move only when the application says a record is processed (`store` then `commit`,
/// or `commit(_:)`); rebalances (eager or cooperative-sticky) commit what is stored before giving up a
/// partition, and `close()` commits and leaves the group, so a successor starts exactly after the last
/// processed record.
public final class KafkaConsumer: @unchecked Sendable {  // librdkafka's handle and queue are thread-safe
    private let client: KafkaClient
    private let queue: OpaquePointer
    private let batchSize: Int
    private let closed = Atomic<Bool>(false)

    private init(client: KafkaClient, batchSize: Int) {
        self.client = client
        self.batchSize = batchSize
        rd_kafka_poll_set_consumer(client.handle)
        self.queue = rd_kafka_queue_get_consumer(client.handle)
    }

    /// Creates the consumer, checks that the cluster answers and that every topic exists, and subscribes.
    public static func connect(_ configuration: KafkaConsumerConfiguration, logger: Logger = Logger(label: "govpush.kafka.consumer")) async throws(KafkaError) -> KafkaConsumer {
        guard !configuration.topics.isEmpty else { throw .invalidArgument("a consumer needs at least one topic") }
        guard configuration.fetchBatchSize > 0 else { throw .invalidArgument("fetchBatchSize must be positive") }
        let client = try KafkaClient(type: RD_KAFKA_CONSUMER, properties: configuration.librdkafkaProperties, logger: logger) { conf in
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                guard let rk, let partitions, let opaque else { return }
                let context = Unmanaged<KafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
                KafkaConsumer.rebalance(rk, err, partitions, logger: context.logger)
            }
        }
        let consumer = KafkaConsumer(client: client, batchSize: configuration.fetchBatchSize)
        do throws(KafkaError) {
            let metadata = try await client.metadata(timeout: configuration.connectTimeout)
            let missing = metadata.missing(configuration.topics)
            guard missing.isEmpty else {
                throw KafkaError(
                    code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue,
                    message: "topic(s) \(missing.joined(separator: ", ")) do not exist on \(configuration.bootstrapServers); create them with `govpush topics create`"
                )
            }
            try await consumer.subscribe(configuration.topics)
        } catch {
            try? await consumer.close()
            throw error
        }
        return consumer
    }

    /// The records of the subscribed topics, in order per partition. Iterate from one task at a time.
    public var messages: KafkaConsumerMessages { KafkaConsumerMessages(consumer: self) }

    /// The partitions currently assigned to this member.
    public func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        // A closed consumer holds nothing, and its handle is about to be freed (health checks ask late).
        guard !closed.load(ordering: .acquiring) else { return [] }
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(client.handle, &list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError(err, context: "assignment") }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return KafkaTopicPartition.list(list)
    }

    /// Marks the record processed: its offset is committed by the next `commit()`, rebalance or `close()`.
    public func store(_ message: KafkaConsumerMessage) throws(KafkaError) {
        try store([message])
    }

    /// Marks records processed: for each partition, everything up to its last record here.
    public func store(_ messages: [KafkaConsumerMessage]) throws(KafkaError) {
        var next: [KafkaTopicPartition: Int64] = [:]
        for message in messages {
            let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
            next[partition] = max(next[partition] ?? 0, message.offset + 1)
        }
        guard !next.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(next.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in next { rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset }
        let err = rd_kafka_offsets_store(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, context: "store offsets of \(next.keys.map(\.description).sorted().joined(separator: " ")) (partitions no longer assigned?)")
        }
        for i in 0..<Int(list.pointee.cnt) where list.pointee.elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let element = list.pointee.elems[i]
            throw KafkaError(element.err, context: "store offset \(element.offset - 1) of \(String(cString: element.topic))[\(element.partition)] (partition no longer assigned?)")
        }
    }

    /// Synchronously commits every stored offset.
    public func commit() async throws(KafkaError) {
        try await client.blocking { [client] () throws(KafkaError) in
            let err = rd_kafka_commit(client.handle, nil, 0)
            // Nothing stored since the last commit is not a failure.
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError(err, context: "commit")
            }
        }
    }

    /// Stores the record's offset and commits.
    public func commit(_ message: KafkaConsumerMessage) async throws(KafkaError) {
        try store(message)
        try await commit()
    }

    /// The committed offsets (the next record to read) of the given partitions; nil where none is committed.
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try await client.blocking { [client] () throws(KafkaError) in
            let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))!
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for p in partitions { rd_kafka_topic_partition_list_add(list, p.topic, p.partition) }
            let err = rd_kafka_committed(client.handle, list, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "committed offsets") }
            var result: [KafkaTopicPartition: Int64] = [:]
            for i in 0..<Int(list.pointee.cnt) {
                let e = list.pointee.elems[i]
                if e.offset >= 0 { result[KafkaTopicPartition(topic: String(cString: e.topic), partition: e.partition)] = e.offset }
            }
            return result
        }
    }

    /// Commits what is stored, leaves the group and releases the client. Idempotent.
    public func close() async throws(KafkaError) {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Runs after any fetch in progress: the client's queue is serial.
        let result: Result<Void, KafkaError> = await {
            do throws(KafkaError) {
                try await client.blocking { [self] () throws(KafkaError) in
                    rd_kafka_queue_destroy(queue)
                    let err = rd_kafka_consumer_close(client.handle)
                    guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "close consumer") }
                }
                return .success(())
            } catch { return .failure(error) }
        }()
        await client.destroy()
        try result.get()
    }

    private func subscribe(_ topics: [String]) async throws(KafkaError) {
        try await client.blocking { [client] () throws(KafkaError) in
            let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
            let err = rd_kafka_subscribe(client.handle, list)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "subscribe to \(topics.joined(separator: ", "))") }
        }
    }

    /// One fetch of up to `batchSize` records, waiting at most 100 ms, on the client's own thread.
    /// Returns nil once the consumer is closed.
    func fetchBatch() async throws(KafkaError) -> [KafkaConsumerMessage]? {
        guard !closed.load(ordering: .acquiring) else { return nil }
        return try await client.blocking { [self] () throws(KafkaError) -> [KafkaConsumerMessage]? in
            guard !closed.load(ordering: .acquiring) else { return nil }
            var raw = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: batchSize)
            let count = rd_kafka_consume_batch_queue(queue, 100, &raw, batchSize)
            guard count >= 0 else { throw KafkaError(rd_kafka_last_error(), context: "consume") }
            var messages: [KafkaConsumerMessage] = []
            messages.reserveCapacity(count)
            var failure: KafkaError?
            for message in raw.prefix(count) {
                guard let message else { continue }
                defer { rd_kafka_message_destroy(message) }
                let err = message.pointee.err
                if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    messages.append(KafkaConsumerMessage(message))
                } else if failure == nil {
                    failure = consumeError(message)
                }
            }
            // Records fetched before an error are handed out first; the error surfaces on the next fetch.
            if let failure {
                if messages.isEmpty { throw failure }
                client.logger.error("consumer error after \(messages.count) records", metadata: ["error": "\(failure)"])
            }
            return messages
        }
    }

    /// Classifies a consumer error: missing topics and fatal errors end iteration; others are logged.
    private func consumeError(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        let err = message.pointee.err
        let text = rd_kafka_message_errstr(message).map { String(cString: $0) } ?? ""
        switch err {
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            return nil
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR__FATAL:
            return KafkaError(code: err.rawValue, message: text, isFatal: err == RD_KAFKA_RESP_ERR__FATAL)
        default:
            client.logger.warning("consumer error", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(err)))", "reason": "\(text)"])
            return nil
        }
    }

    /// Called by librdkafka on the fetching thread. Commits stored offsets before a partition leaves.
    private static func rebalance(_ rk: OpaquePointer, _ err: rd_kafka_resp_err_t, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, logger: Logger) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
        let moved = KafkaTopicPartition.list(partitions).map(\.description).joined(separator: " ")
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.info("partitions assigned", metadata: ["partitions": "\(moved)"])
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, partitions) {
                    logger.error("incremental assign failed", metadata: ["error": "\(KafkaError(consuming: error, context: "assign"))"])
                }
            } else {
                rd_kafka_assign(rk, partitions)
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            logger.info("partitions revoked", metadata: ["partitions": "\(moved)"])
            if rd_kafka_assignment_lost(rk) == 0 {
                let commitErr = rd_kafka_commit(rk, nil, 0)
                if commitErr != RD_KAFKA_RESP_ERR_NO_ERROR && commitErr != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    logger.error("commit before revoke failed", metadata: ["error": "\(KafkaError(commitErr, context: "commit"))"])
                }
            }
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, partitions) {
                    logger.error("incremental unassign failed", metadata: ["error": "\(KafkaError(consuming: error, context: "unassign"))"])
                }
            } else {
                rd_kafka_assign(rk, nil)
            }
        default:
            logger.error("rebalance error", metadata: ["error": "\(KafkaError(err, context: "rebalance"))"])
            rd_kafka_assign(rk, nil)
        }
    }
}

/// The records of a consumer's subscription. Ends when the consumer is closed or the task cancelled;
/// throws on errors that will not heal by waiting (a deleted topic, a fatal client error).
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    let consumer: KafkaConsumer

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        var buffer: [KafkaConsumerMessage] = []
        var position = 0

        public mutating func next() async throws -> KafkaConsumerMessage? {
            while position == buffer.count {
                if Task.isCancelled { return nil }
                guard let batch = try await consumer.fetchBatch() else { return nil }
                buffer = batch
                position = 0
            }
            defer { position += 1 }
            return buffer[position]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }
}

extension KafkaConsumer {
    /// The same records as `messages`, in the batches librdkafka hands over (up to `fetchBatchSize`), for
    /// workers that claim, send and commit a batch at a time.
    public var batches: KafkaConsumerBatches { KafkaConsumerBatches(consumer: self) }
}

/// Batches of records, each non-empty and in order per partition. Ends when the consumer is closed or
/// the task cancelled.
public struct KafkaConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaConsumerMessage]
    let consumer: KafkaConsumer

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer

        public mutating func next() async throws -> [KafkaConsumerMessage]? {
            while !Task.isCancelled {
                guard let batch = try await consumer.fetchBatch() else { return nil }
                if !batch.isEmpty { return batch }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }
}
