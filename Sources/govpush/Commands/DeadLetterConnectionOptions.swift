import ArgumentParser

/// Where the DLQ commands find Kafka: `--bootstrap`, else the configuration (`--config`, `GOVPUSH_*`).
struct DeadLetterConnectionOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers, host:port[,host:port…] (default: kafka.bootstrap / $GOVPUSH_KAFKA_BOOTSTRAP).")
    var bootstrap: String?
    @Option(help: "Seconds to wait for the cluster and for reading the topic to its end.") var timeout = 30
    @OptionGroup var configuration: ConfigurationOptions

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
    }

    /// The bootstrap servers and the librdkafka properties for every client.
    func resolved() throws -> (bootstrap: String, properties: [String: String]) {
        let loaded = try configuration.load()
        guard let bootstrap = bootstrap ?? loaded.kafka.bootstrap, !bootstrap.isEmpty else {
            throw ValidationError("no Kafka cluster given: pass --bootstrap host:port, or set kafka.bootstrap / GOVPUSH_KAFKA_BOOTSTRAP")
        }
        return (bootstrap, loaded.kafka.properties ?? [:])
    }
}
