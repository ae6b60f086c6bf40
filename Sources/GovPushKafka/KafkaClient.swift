import CRdKafka
import Dispatch
import Logging
import Synchronization

/// One `rd_kafka_t` handle: its configuration, log and error callbacks, and a private dispatch queue
/// on which every blocking librdkafka call runs, so none of them blocks Swift's cooperative thread pool.
final class KafkaClient: @unchecked Sendable {
    let handle: OpaquePointer
    let context: KafkaClientContext
    let logger: Logger
    let bootstrapServers: String
    private let blockingQueue: DispatchQueue
    private let destroyed = Atomic<Bool>(false)

    init(
        type: rd_kafka_type_t,
        properties: KafkaProperties,
        logger: Logger,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        let conf = try properties.makeConf()
        let context = KafkaClientContext(logger: logger)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passRetained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, text in
            guard let rk, let opaque = rd_kafka_opaque(rk) else { return }
            let context = Unmanaged<KafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
            context.log(level: level, facility: facility.map { String(cString: $0) } ?? "", text: text.map { String(cString: $0) } ?? "")
        }
        rd_kafka_conf_set_error_cb(conf) { _, err, reason, opaque in
            guard let opaque else { return }
            let context = Unmanaged<KafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
            context.record(err: rd_kafka_resp_err_t(err), reason: reason.map { String(cString: $0) } ?? "")
        }
        configure(conf)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            // rd_kafka_new destroys nothing on failure: the conf is still ours.
            rd_kafka_conf_destroy(conf)
            Unmanaged.passUnretained(context).release()
            let reason = String(errorBuffer: errorText)
            throw .invalidArgument("cannot create Kafka client: \(reason)")
        }
        self.handle = handle
        self.context = context
        self.logger = logger
        self.bootstrapServers = properties["bootstrap.servers"] ?? ""
        self.blockingQueue = DispatchQueue(label: "govpush.kafka.\(String(cString: rd_kafka_name(handle)))")
    }

    /// Runs a blocking librdkafka call on this client's own queue and awaits its result.
    func blocking<T: Sendable>(_ work: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            blockingQueue.async {
                do throws(KafkaError) { continuation.resume(returning: .success(try work())) }
                catch { continuation.resume(returning: .failure(error)) }
            }
        }
        return try result.get()
    }

    /// The cluster's brokers and topics; fails with the last connection error if the cluster can't be reached.
    func metadata(timeout: Duration) async throws(KafkaError) -> KafkaClusterMetadata {
        try await blocking { () throws(KafkaError) in
            var pointer: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(self.handle, 1, nil, &pointer, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let pointer else {
                var reason = String(cString: rd_kafka_err2str(err))
                if let last = self.context.lastError { reason += "; last error: \(last.message)" }
                throw KafkaError(
                    code: err.rawValue,
                    message: "cannot reach Kafka at \(self.bootstrapServers) within \(timeout): \(reason)",
                    isRetriable: true
                )
            }
            defer { rd_kafka_metadata_destroy(pointer) }
            return KafkaClusterMetadata(pointer.pointee)
        }
    }

    /// Destroys the handle (blocking until librdkafka's threads end). Idempotent.
    func destroy() async {
        guard !destroyed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try? await blocking {
            rd_kafka_destroy(self.handle)
            Unmanaged.passUnretained(self.context).release()
        }
    }

    var isDestroyed: Bool { destroyed.load(ordering: .acquiring) }
}

/// What librdkafka's callbacks need from Swift: the logger and the last client-level error.
final class KafkaClientContext: Sendable {
    let logger: Logger
    private let lastErrorStorage = Mutex<KafkaError?>(nil)
    /// Set by a consumer: handles group rebalances on the polling thread.
    let rebalanceHandler = Mutex<(@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?>(nil)

    init(logger: Logger) { self.logger = logger }

    var lastError: KafkaError? { lastErrorStorage.withLock { $0 } }

    func record(err: rd_kafka_resp_err_t, reason: String) {
        let error = KafkaError(code: err.rawValue, message: reason)
        lastErrorStorage.withLock { $0 = error }
        logger.warning("librdkafka error", metadata: ["kafka.error": "\(error.name)", "reason": "\(reason)"])
    }

    /// librdkafka logs with syslog levels (0 emergency … 7 debug).
    func log(level: Int32, facility: String, text: String) {
        var swiftLevel: Logger.Level = switch level {
        case ...3: .error
        case 4: .warning
        case 5, 6: .info
        default: .debug
        }
        // Old brokers (and the mock cluster) cannot honour allow.auto.create.topics; GovPush checks that
        // its topics exist itself, so this warning says nothing actionable.
        if facility == "AUTOCREATE" { swiftLevel = min(swiftLevel, .info) }
        logger.log(level: swiftLevel, "\(text)", metadata: ["librdkafka.facility": "\(facility)"])
    }
}
