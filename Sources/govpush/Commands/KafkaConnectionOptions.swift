import ArgumentParser
import Foundation

/// Where Kafka is: `--bootstrap`, else `GOVPUSH_KAFKA_BOOTSTRAP`.
struct KafkaConnectionOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers, host:port[,host:port…] (default: $GOVPUSH_KAFKA_BOOTSTRAP).")
    var bootstrap: String?

    func resolved() throws -> String {
        if let bootstrap, !bootstrap.isEmpty { return bootstrap }
        if let fromEnvironment = ProcessInfo.processInfo.environment["GOVPUSH_KAFKA_BOOTSTRAP"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        throw ValidationError("no Kafka cluster given: pass --bootstrap host:port or set GOVPUSH_KAFKA_BOOTSTRAP")
    }
}
