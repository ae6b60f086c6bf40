/// The producer settings GovPush tunes, with the rest of librdkafka's properties passable through
/// `properties` (which win over the typed fields).
public struct KafkaProducerConfiguration: Sendable {
    public enum Acks: String, Sendable { case none = "0", leader = "1", all = "all" }
    public enum Compression: String, Sendable { case none, gzip, snappy, lz4, zstd }

    public var bootstrapServers: String
    public var clientID = "govpush"
    /// Exactly-once per partition from this producer: no duplicates from internal retries, order kept.
    public var idempotent = true
    public var acks = Acks.all
    /// How long records wait to fill a batch.
    public var linger = Duration.milliseconds(5)
    public var batchMaxMessages = 10_000
    public var batchMaxBytes = 1_000_000
    public var compression = Compression.none
    /// How long a record may take, retries included, before its `send` fails.
    public var messageTimeout = Duration.seconds(60)
    /// How long `connect` waits for the cluster's metadata.
    public var connectTimeout = Duration.seconds(10)
    /// Topics are created by `govpush topics create`, never on first use: a typo fails instead of creating.
    public var autoCreateTopics = false
    /// Any librdkafka property, e.g. `["queue.buffering.max.kbytes": "2097152"]`.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String) { self.bootstrapServers = bootstrapServers }

    /// The librdkafka properties this configuration sets, e.g. to give `kcat -X` the same settings.
    public var effectiveProperties: [(name: String, value: String)] { librdkafkaProperties.pairs.map { ($0.0, $0.1) } }

    var librdkafkaProperties: KafkaProperties {
        var p = KafkaProperties()
        p.set("bootstrap.servers", bootstrapServers)
        p.set("client.id", clientID)
        p.set("enable.idempotence", String(idempotent))
        p.set("acks", acks.rawValue)
        p.set("linger.ms", String(linger.milliseconds))
        p.set("batch.num.messages", String(batchMaxMessages))
        p.set("batch.size", String(batchMaxBytes))
        p.set("compression.codec", compression.rawValue)
        p.set("message.timeout.ms", String(messageTimeout.milliseconds))
        p.set("allow.auto.create.topics", String(autoCreateTopics))
        // A missing topic fails records after this long instead of librdkafka's 30 s default.
        p.set("topic.metadata.propagation.max.ms", "5000")
        p.merge(properties)
        return p
    }
}
