import GovPushDomain
import GovPushKafka
import GovPushMessaging
import Logging

/// Backpressure for fan-out: before producing more jobs for a channel, wait while that channel's
/// deliverers are more than `limit` jobs behind. A bounded backlog keeps an urgent notice from queueing
/// behind a million routine ones, and keeps the embedded cluster (about 5 MB per partition, older data
/// dropped) from losing jobs the deliverers have not read yet (DESIGN.md "The embedded cluster").
///
/// Lag is read from the deliverers' committed offsets; between reads it is estimated upwards by the
/// jobs produced since, so the cluster is only asked when the estimate reaches the limit.
actor DeliveryBacklog {
    private let bootstrapServers: String
    private let properties: [String: String]
    private let limit: Int64
    private let logger: Logger
    private var readers: [ChannelKind: KafkaGroupLag] = [:]
    private var estimates: [ChannelKind: Int64] = [:]

    init(bootstrapServers: String, properties: [String: String], limit: Int, logger: Logger) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
        self.limit = Int64(limit)
        self.logger = logger
    }

    /// Returns once `channel`'s backlog leaves room for `count` more jobs; counts them as produced.
    func reserve(_ count: Int, for channel: ChannelKind) async throws {
        var estimate = estimates[channel] ?? limit  // unknown: ask the cluster first
        var pause = Duration.milliseconds(20)
        var waited = false
        while estimate + Int64(count) > limit {
            estimate = try await lag(channel)
            guard estimate + Int64(count) > limit, estimate > 0 else { break }
            if !waited { logger.info("waiting for deliverers to catch up", metadata: ["channel": "\(channel)", "backlog": "\(estimate)"]) }
            waited = true
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(500))
        }
        estimates[channel] = estimate + Int64(count)
    }

    private func lag(_ channel: ChannelKind) async throws -> Int64 {
        let reader: KafkaGroupLag
        if let existing = readers[channel] {
            reader = existing
        } else {
            reader = try KafkaGroupLag.connect(bootstrapServers: bootstrapServers, group: GovPushTopics.delivererGroup(channel),
                                               properties: properties, logger: logger)
            readers[channel] = reader
        }
        return try await reader.lag(topic: GovPushTopics.deliveries(channel))
    }

    func close() async {
        for reader in readers.values { await reader.close() }
        readers = [:]
    }
}
