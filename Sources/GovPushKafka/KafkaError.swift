import CRdKafka

/// A librdkafka error as a Swift error: librdkafka's code, its symbolic name and its text, plus what
/// GovPush was doing when it happened.
public struct KafkaError: Error, Sendable, CustomStringConvertible, Equatable {
    /// librdkafka's `rd_kafka_resp_err_t` (negative: client-side, positive: broker error codes).
    public let code: Int32
    /// librdkafka's symbolic name, e.g. `UNKNOWN_TOPIC_OR_PART`, `_ALL_BROKERS_DOWN`.
    public let name: String
    /// librdkafka's text with GovPush's context.
    public let message: String
    public let isRetriable: Bool
    public let isFatal: Bool

    public init(code: Int32, message: String, isRetriable: Bool = false, isFatal: Bool = false) {
        self.code = code
        self.name = String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    /// An error from a bare response code, with librdkafka's description and a context prefix.
    init(_ err: rd_kafka_resp_err_t, context: String) {
        let text = String(cString: rd_kafka_err2str(err))
        self.init(code: err.rawValue, message: context.isEmpty ? text : "\(context): \(text)")
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(consuming error: OpaquePointer, context: String) {
        defer { rd_kafka_error_destroy(error) }
        let text = String(cString: rd_kafka_error_string(error))
        self.init(
            code: rd_kafka_error_code(error).rawValue,
            message: context.isEmpty ? text : "\(context): \(text)",
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    public var responseCode: rd_kafka_resp_err_t { rd_kafka_resp_err_t(code) }

    public var description: String { "Kafka error \(name) (\(code)): \(message)" }

    static func invalidArgument(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, message: message)
    }

    static func timedOut(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue, message: message, isRetriable: true)
    }

    static func closed(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__DESTROY.rawValue, message: message)
    }
}
