import CRdKafka
import Foundation
import Logging
import Synchronization

/// An idempotent Kafka producer for Swift concurrency.
///
/// `send` completes when the broker acknowledges the record (its delivery report) and throws that
/// record's error; `send(batch:)` enqueues many records and awaits all their reports, which is how
/// fan-out reaches librdkafka's batching. Delivery reports are served by a dedicated thread, never by
/// the cooperative pool. `close()` flushes what is in flight.
public final class KafkaProducer: Sendable {
    private let client: KafkaClient
    private let pollThread: KafkaPollThread
    private let topicHandles = Mutex<[String: OpaquePointer]>([:])
    private let connectTimeout: Duration
    private let closing = Atomic<Bool>(false)

    private init(client: KafkaClient, connectTimeout: Duration) {
        self.client = client
        self.connectTimeout = connectTimeout
        self.pollThread = KafkaPollThread(name: "govpush-producer-poll") { [client] in
            rd_kafka_poll(client.handle, 100)
        }
    }

    /// Creates the producer and checks that the cluster answers within `connectTimeout`.
    public static func connect(_ configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "govpush.kafka.producer")) async throws(KafkaError) -> KafkaProducer {
        let client = try KafkaClient(type: RD_KAFKA_PRODUCER, properties: configuration.librdkafkaProperties, logger: logger) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in
                guard let message, let opaque = message.pointee._private else { return }
                DeliverySlot.complete(opaque, message.pointee)
            }
        }
        let producer = KafkaProducer(client: client, connectTimeout: configuration.connectTimeout)
        do throws(KafkaError) {
            _ = try await client.metadata(timeout: configuration.connectTimeout)
        } catch {
            await producer.close()
            throw error
        }
        return producer
    }

    /// Produces one record and waits for its delivery report.
    @discardableResult
    public func send(_ message: KafkaProducerMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        let batch = try await produce([message], keepReports: true)
        try batch.report.check()
        return batch.deliveries[0]!
    }

    /// Produces the records (each keeps its own key, partition and headers) and waits for every
    /// delivery report. A record's failure does not stop the others; the report lists it.
    public func send(batch messages: [KafkaProducerMessage]) async throws(KafkaError) -> KafkaBatchReport {
        try await produce(messages, keepReports: false).report
    }

    /// Waits until every record in flight has its delivery report.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await client.blocking { [client] () throws(KafkaError) in
            let handle = client.handle
            let err = rd_kafka_flush(handle, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(err, context: "flush: \(rd_kafka_outq_len(handle)) records still in flight after \(timeout)")
            }
        }
    }

    /// Flushes in-flight records (bounded by `timeout`), then releases the client. Idempotent.
    public func close(timeout: Duration = .seconds(30)) async {
        // Only the first caller closes: a second, concurrent close must not flush a destroyed handle.
        guard !closing.exchange(true, ordering: .acquiringAndReleasing) else { return }
        do throws(KafkaError) { try await flush(timeout: timeout) } catch {
            client.logger.error("producer closed with records undelivered", metadata: ["error": "\(error)"])
        }
        try? await client.blocking { [pollThread] in pollThread.stop() }
        let handles = topicHandles.withLock { handles in defer { handles = [:] }; return Array(handles.values) }
        for handle in handles { rd_kafka_topic_destroy(handle) }
        await client.destroy()
    }

    private func topicHandle(_ name: String) -> OpaquePointer {
        topicHandles.withLock { handles in
            if let handle = handles[name] { return handle }
            let handle = rd_kafka_topic_new(client.handle, name, nil)!
            handles[name] = handle
            return handle
        }
    }

    /// Checks, once per topic, that the topic exists: brokers that auto-create topics (and the mock
    /// cluster, which ignores `allow.auto.create.topics`) would otherwise turn a typo into a new topic.
    private func checkTopicsExist(_ messages: [KafkaProducerMessage]) async throws(KafkaError) {
        let known = topicHandles.withLock { Set($0.keys) }
        var unknown: [String] = []
        for message in messages where !known.contains(message.topic) && !unknown.contains(message.topic) {
            unknown.append(message.topic)
        }
        guard !unknown.isEmpty else { return }
        let missing = try await client.metadata(timeout: connectTimeout).missing(unknown)
        guard missing.isEmpty else {
            throw KafkaError(
                code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue,
                message: "topic(s) \(missing.joined(separator: ", ")) do not exist on \(client.bootstrapServers); create them with `govpush topics create`"
            )
        }
        for topic in unknown { _ = topicHandle(topic) }
    }

    private func produce(_ messages: [KafkaProducerMessage], keepReports: Bool) async throws(KafkaError) -> DeliveryBatch {
        guard !closing.load(ordering: .acquiring) else { throw .closed("producer is closed") }
        try await checkTopicsExist(messages)
        let batch = DeliveryBatch(count: messages.count, keepReports: keepReports)
        // One allocation per batch: each record's opaque points at its slot.
        let slots = UnsafeMutablePointer<DeliverySlot>.allocate(capacity: max(1, messages.count))
        defer { slots.deallocate() }
        let vus = UnsafeMutablePointer<rd_kafka_vu_t>.allocate(capacity: 7)
        defer { vus.deallocate() }
        let retained = Unmanaged.passRetained(batch)
        defer { retained.release() }
        var lastTopic = ""
        var lastHandle: OpaquePointer?
        for (index, message) in messages.enumerated() {
            (slots + index).initialize(to: DeliverySlot(batch: retained, index: index))
            if message.topic != lastTopic || lastHandle == nil {
                lastTopic = message.topic
                lastHandle = topicHandle(message.topic)
            }
            while true {
                let err = enqueue(message, topic: lastHandle!, opaque: UnsafeMutableRawPointer(slots + index), vus: vus)
                if err == RD_KAFKA_RESP_ERR_NO_ERROR { break }
                if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    // librdkafka's queue is full: let the poll thread drain delivery reports.
                    try? await Task.sleep(for: .milliseconds(1))
                    continue
                }
                batch.complete(index: index, result: .failure(KafkaError(err, context: "produce to \(message.topic)")))
                break
            }
        }
        // Reports may already have arrived; the last of them (or this) resumes.
        await withCheckedContinuation { continuation in
            batch.setContinuation(continuation)
            batch.finishEnqueueing()
        }
        return batch
    }

    private func enqueue(_ message: KafkaProducerMessage, topic: OpaquePointer, opaque: UnsafeMutableRawPointer, vus: UnsafeMutablePointer<rd_kafka_vu_t>) -> rd_kafka_resp_err_t {
        var headerList: OpaquePointer?
        if !message.headers.isEmpty {
            headerList = rd_kafka_headers_new(message.headers.count)
            for header in message.headers {
                header.value.withUnsafeBytes { value in
                    _ = rd_kafka_header_add(headerList, header.name, -1, value.baseAddress, value.count)
                }
            }
        }
        let err = message.value.withUnsafeBytes { value in
            withKey(message.key) { keyPointer, keyLength in
                vus[0].vtype = RD_KAFKA_VTYPE_RKT
                vus[0].u.rkt = topic
                vus[1].vtype = RD_KAFKA_VTYPE_VALUE
                vus[1].u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count)
                vus[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                vus[2].u.i = RD_KAFKA_MSG_F_COPY
                vus[3].vtype = RD_KAFKA_VTYPE_OPAQUE
                vus[3].u.ptr = opaque
                var count = 4
                if let keyPointer {
                    vus[count].vtype = RD_KAFKA_VTYPE_KEY
                    vus[count].u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: keyPointer), size: keyLength)
                    count += 1
                }
                if let partition = message.partition {
                    vus[count].vtype = RD_KAFKA_VTYPE_PARTITION
                    vus[count].u.i32 = partition
                    count += 1
                }
                if let headerList {
                    vus[count].vtype = RD_KAFKA_VTYPE_HEADERS
                    vus[count].u.headers = headerList
                    count += 1
                }
                guard let error = rd_kafka_produceva(client.handle, vus, count) else { return RD_KAFKA_RESP_ERR_NO_ERROR }
                let code = rd_kafka_error_code(error)
                rd_kafka_error_destroy(error)
                return code
            }
        }
        // On success librdkafka owns the headers; on failure they are still ours.
        if err != RD_KAFKA_RESP_ERR_NO_ERROR, let headerList { rd_kafka_headers_destroy(headerList) }
        return err
    }

    private func withKey<R>(_ key: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
        guard let key else { return body(nil, 0) }
        return key.withUnsafeBytes { body($0.baseAddress, $0.count) }
    }
}

/// Per-record opaque: which batch the delivery report belongs to and at which index.
struct DeliverySlot {
    let batch: Unmanaged<DeliveryBatch>
    let index: Int

    static func complete(_ opaque: UnsafeMutableRawPointer, _ message: rd_kafka_message_t) {
        let slot = opaque.assumingMemoryBound(to: DeliverySlot.self).pointee
        slot.batch.takeUnretainedValue().complete(index: slot.index, message: message)
    }
}

/// Collects the delivery reports of one `send` call and resumes it when the last one arrives.
final class DeliveryBatch: @unchecked Sendable {
    private let count: Int
    private let keepReports: Bool
    /// Records still without a report, plus one while records are still being enqueued.
    private let outstanding: Atomic<Int>
    private let state = Mutex<(failures: [(index: Int, error: KafkaError)], reports: [Int: KafkaDeliveryReport])>(([], [:]))
    private var continuation: CheckedContinuation<Void, Never>?

    init(count: Int, keepReports: Bool) {
        self.count = count
        self.keepReports = keepReports
        self.outstanding = Atomic(count + 1)
    }

    func setContinuation(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    /// A delivery report; on the hot path (success, no report kept) nothing is allocated.
    func complete(index: Int, message: rd_kafka_message_t) {
        if message.err == RD_KAFKA_RESP_ERR_NO_ERROR && !keepReports { return release() }
        let topic = String(cString: rd_kafka_topic_name(message.rkt))
        complete(index: index, result: message.err == RD_KAFKA_RESP_ERR_NO_ERROR
            ? .success(KafkaDeliveryReport(topic: topic, partition: message.partition, offset: message.offset))
            : .failure(KafkaError(message.err, context: "delivery to \(topic)")))
    }

    func complete(index: Int, result: Result<KafkaDeliveryReport, KafkaError>) {
        switch result {
        case .success(let report) where keepReports: state.withLock { $0.reports[index] = report }
        case .success: break
        case .failure(let error): state.withLock { $0.failures.append((index, error)) }
        }
        release()
    }

    func finishEnqueueing() { release() }

    private func release() {
        if outstanding.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            continuation?.resume()
        }
    }

    var report: KafkaBatchReport {
        state.withLock { KafkaBatchReport(count: count, failures: $0.failures.sorted { $0.index < $1.index }) }
    }

    var deliveries: [Int: KafkaDeliveryReport] { state.withLock { $0.reports } }
}
