import ArgumentParser
import Foundation
import GovPushMessaging
import Logging

/// `govpush dlq list`: the dead letters, newest last, each with its reason, origin and replay state.
/// It reads as a throw-away consumer group and commits nothing, so it never moves a replay's position.
struct DLQListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List dead-lettered records (newest last).")

    @Option(help: "Show at most this many letters, the newest.") var limit = 100
    @Flag(help: "Print one JSON array instead of lines.") var json = false
    @OptionGroup var connection: DeadLetterConnectionOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive, got \(limit)") }
    }

    func run() async throws {
        let (bootstrap, properties) = try connection.resolved()
        let logger = Logger(label: "govpush.dlq")
        let scan = try await DeadLetterScan.read(bootstrap: bootstrap, properties: properties, groupID: "govpush-dlq-list-\(UUID().uuidString.prefix(8).lowercased())",
                                                 timeout: .seconds(connection.timeout), logger: logger)
        try await scan.consumer.close()
        let replayed = Set(scan.records.compactMap(DeadLetterReplayMarker.init(record:)))
        let entries = scan.records.compactMap { message in
            DeadLetter(deadLetterRecord: message).map {
                DeadLetterEntry($0, from: message, replayed: replayed.contains(DeadLetterReplayMarker(of: message)))
            }
        }
        let shown = entries.sorted { ($0.at, $0.dlqPartition, $0.dlqOffset) < ($1.at, $1.dlqPartition, $1.dlqOffset) }.suffix(limit)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            say(String(decoding: try encoder.encode(Array(shown)), as: UTF8.self))
        } else {
            for entry in shown { say(entry.line) }
            let pending = entries.filter { !$0.replayed }.count
            note("\(entries.count) dead letter(s) in \(GovPushTopics.deadLetters), \(pending) not replayed; showing \(shown.count)")
        }
    }
}
