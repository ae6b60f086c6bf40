import ArgumentParser
import Foundation
import GovPushKafka
import GovPushMessaging
import Logging

/// `govpush dlq replay`: republishes dead letters (the original key, value and headers) to their source
/// topics, once the cause is fixed. It reads as the `govpush-dlq-replay` group and, after the replays
/// are acknowledged, writes a replay marker per letter and commits the group's offsets past every
/// letter handled, so running it again replays nothing twice — also when filters left letters between.
struct DLQReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Republish dead-lettered records to their source topics (each at most once).",
        discussion: "Replayed delivery jobs are claimed in the store like any job: see docs/operations.md, \"Replaying the DLQ\"."
    )

    static let groupID = "govpush-dlq-replay"

    @Option(help: "Only letters from this source topic, e.g. govpush.events.") var sourceTopic: String?
    @Option(help: "Only letters whose reason contains this text.") var reason: String?
    @Flag(help: "Show what would be replayed; publish and commit nothing.") var dryRun = false
    @OptionGroup var connection: DeadLetterConnectionOptions

    func validate() throws {
        if let sourceTopic, sourceTopic.isEmpty { throw ValidationError("--source-topic must not be empty") }
        if sourceTopic == GovPushTopics.deadLetters { throw ValidationError("--source-topic \(GovPushTopics.deadLetters): a letter never comes from the DLQ itself") }
        if let reason, reason.isEmpty { throw ValidationError("--reason must not be empty") }
    }

    func run() async throws {
        let (bootstrap, properties) = try connection.resolved()
        let logger = Logger(label: "govpush.dlq")
        let scan = try await DeadLetterScan.read(bootstrap: bootstrap, properties: properties, groupID: Self.groupID,
                                                 timeout: .seconds(connection.timeout), logger: logger)
        do {
            try await replay(scan, bootstrap: bootstrap, properties: properties, logger: logger)
        } catch {
            try? await scan.consumer.close()
            throw error
        }
        try await scan.consumer.close()
    }

    private func replay(_ scan: DeadLetterScan, bootstrap: String, properties: [String: String], logger: Logger) async throws {
        let alreadyReplayed = Set(scan.records.compactMap(DeadLetterReplayMarker.init(record:)))
        var toReplay: [(message: KafkaConsumerMessage, letter: DeadLetter)] = []
        // Per partition, the last record of the unbroken run of handled records from the group's position.
        var commitThrough: [Int32: KafkaConsumerMessage] = [:]
        var blocked: Set<Int32> = []
        var skipped = 0, repeats = 0
        for message in scan.records {
            let handled: Bool
            if DeadLetterReplayMarker(record: message) != nil {
                handled = true
            } else if let letter = DeadLetter(deadLetterRecord: message) {
                if alreadyReplayed.contains(DeadLetterReplayMarker(of: message)) {
                    repeats += 1
                    handled = true
                } else if matches(letter) {
                    toReplay.append((message, letter))
                    handled = true
                } else {
                    skipped += 1
                    handled = false
                }
            } else {
                logger.warning("record in the DLQ without dead-letter headers left alone", metadata: ["partition": "\(message.partition)", "offset": "\(message.offset)"])
                handled = true
            }
            if !handled { blocked.insert(message.partition) }
            if handled, !blocked.contains(message.partition) { commitThrough[message.partition] = message }
        }

        for (message, letter) in toReplay {
            let entry = DeadLetterEntry(letter, from: message, replayed: !dryRun)
            say((dryRun ? "would replay\t" : "replayed\t") + entry.line)
        }
        let summary = "\(toReplay.count) letter(s) \(dryRun ? "to replay" : "replayed"), \(repeats) replayed before, \(skipped) left by the filters"
        guard !dryRun else {
            say(summary)
            return
        }
        if !toReplay.isEmpty {
            var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: bootstrap)
            producerConfiguration.properties = properties
            let producer = try await KafkaProducer.connect(producerConfiguration, logger: logger)
            do {
                // Replays first: a marker must never stand for a record that did not make it back.
                try await producer.send(batch: toReplay.map { $0.letter.replay }).check()
                try await producer.send(batch: toReplay.map { DeadLetterReplayMarker(of: $0.message).record(key: $0.message.key) }).check()
            } catch {
                await producer.close()
                throw error
            }
            await producer.close()
        }
        if !commitThrough.isEmpty {
            try scan.consumer.store(Array(commitThrough.values))
            try await scan.consumer.commit()
        }
        say(summary)
    }

    private func matches(_ letter: DeadLetter) -> Bool {
        if let sourceTopic, letter.sourceTopic != sourceTopic { return false }
        if let reason, !letter.reason.contains(reason) { return false }
        return true
    }
}
