import Foundation
import GovPushKafka
import GovPushMessaging
import GovPushTesting
import Synchronization
import Testing

/// `govpush dlq list|replay` against the embedded cluster: letters are listed with their reason and
/// origin, replayed to their source topics with the original key, value and headers, and never twice —
/// also when a filtered replay left other letters in between.
@Suite struct DLQCommandTests {
    static func letter(_ reason: String, from topic: String, partition: Int32 = 0, offset: Int64, key: String, value: String) -> KafkaProducerMessage {
        DeadLetter(reason: reason, sourceTopic: topic, sourcePartition: partition, sourceOffset: offset, at: Date(timeIntervalSince1970: 1_760_000_000),
                   key: Array(key.utf8), value: Array(value.utf8), headers: [KafkaHeader(name: "ce_type", string: "cn.gov.disclosure.policy.published")]).record
    }

    /// Everything in `topic`, read by a fresh group from the beginning, up to its high watermarks.
    static func records(_ topic: String, cluster: EmbeddedKafkaCluster) async throws -> [KafkaConsumerMessage] {
        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        let total = try await admin.highWatermarks(topic: topic).values.reduce(0, +)
        await admin.close()
        guard total > 0 else { return [] }
        let consumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [topic]))
        let found = Collected()
        let reader = Task {
            for try await message in consumer.messages { found.records.withLock { $0.append(message) } }
        }
        let complete = try await eventually(timeout: .seconds(30)) { found.records.withLock { $0.count } >= total }
        reader.cancel()
        _ = await reader.result
        try await consumer.close()
        let records = found.records.withLock { $0 }
        #expect(complete, "read \(records.count) of \(total) records of \(topic)")
        return records
    }

    static func run(_ arguments: [String], _ bootstrap: String) async throws -> ChildProcess.Result {
        try await GovPushBinary.run(["dlq"] + arguments + ["--bootstrap", bootstrap], timeout: .seconds(90))
    }

    @Test func listsThenReplaysEachLetterOnce() async throws {
        let cluster = try WorkerHealthTests.cluster()
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        try await producer.send(batch: [
            Self.letter("event policy-9: schema: data.region is required", from: GovPushTopics.events, offset: 41, key: "policy-9", value: #"{"id":"policy-9"}"#),
            Self.letter("retries exhausted: 503 from the app backend", from: GovPushTopics.deliveries(.app), partition: -1, offset: -1, key: "subscriber-7", value: "job-7"),
            Self.letter("event incident-3: schema: data.severity unknown", from: GovPushTopics.events, offset: 42, key: "incident-3", value: #"{"id":"incident-3"}"#),
        ]).check()
        await producer.close()
        let bootstrap = cluster.bootstrapServers

        let list = try await Self.run(["list", "--json"], bootstrap)
        #expect(list.status == 0, "\(list.errors)")
        let listed = try JSONSerialization.jsonObject(with: list.stdout) as? [[String: Any]] ?? []
        #expect(listed.count == 3)
        let policy = listed.first { $0["key"] as? String == "policy-9" }
        #expect(policy?["reason"] as? String == "event policy-9: schema: data.region is required")
        #expect(policy?["sourceTopic"] as? String == GovPushTopics.events)
        #expect(policy?["sourceOffset"] as? Int == 41)
        #expect(policy?["at"] as? String == "2025-10-09T16:53:20+08:00")
        #expect(listed.allSatisfy { $0["replayed"] as? Bool == false })
        #expect(try await Self.run(["list", "--limit", "1"], bootstrap).lines.count == 1)

        let dryRun = try await Self.run(["replay", "--source-topic", GovPushTopics.events, "--dry-run"], bootstrap)
        #expect(dryRun.status == 0, "\(dryRun.errors)")
        #expect(dryRun.lines.last == "2 letter(s) to replay, 0 replayed before, 1 left by the filters")
        #expect(try await Self.records(GovPushTopics.events, cluster: cluster).isEmpty, "a dry run publishes nothing")

        let replay = try await Self.run(["replay", "--source-topic", GovPushTopics.events], bootstrap)
        #expect(replay.status == 0, "\(replay.errors)")
        #expect(replay.lines.last == "2 letter(s) replayed, 0 replayed before, 1 left by the filters")
        let events = try await Self.records(GovPushTopics.events, cluster: cluster)
        #expect(Set(events.map { String(decoding: $0.key ?? [], as: UTF8.self) }) == ["policy-9", "incident-3"])
        let policyEvent = events.first { $0.key == Array("policy-9".utf8) }
        #expect(policyEvent?.value == Array(#"{"id":"policy-9"}"#.utf8), "the original value")
        #expect(policyEvent?.headers.map(\.name) == ["ce_type", DeadLetter.replayedHeader],
                "the original headers, without the dead-letter ones, marked as replayed")

        let again = try await Self.run(["replay", "--source-topic", GovPushTopics.events], bootstrap)
        #expect(again.lines.last?.hasPrefix("0 letter(s) replayed") == true, "\(again.output)")
        let rest = try await Self.run(["replay"], bootstrap)
        #expect(rest.lines.last?.hasPrefix("1 letter(s) replayed") == true, "\(rest.output)")
        let final = try await Self.run(["replay"], bootstrap)
        #expect(final.lines.last?.hasPrefix("0 letter(s) replayed") == true, "\(final.output)")

        #expect(try await Self.records(GovPushTopics.events, cluster: cluster).count == 2, "no event replayed twice")
        let jobs = try await Self.records(GovPushTopics.deliveries(.app), cluster: cluster)
        #expect(jobs.map(\.value) == [Array("job-7".utf8)])
        let relisted = try JSONSerialization.jsonObject(with: try await Self.run(["list", "--json"], bootstrap).stdout) as? [[String: Any]] ?? []
        #expect(relisted.count == 3 && relisted.allSatisfy { $0["replayed"] as? Bool == true }, "markers are not listed as letters")
    }

    @Test func refusesBadArguments() async throws {
        let noCluster = try await GovPushBinary.run(["dlq", "list"])
        #expect(noCluster.status != 0 && noCluster.errors.contains("no Kafka cluster given"))
        let fromDLQ = try await GovPushBinary.run(["dlq", "replay", "--source-topic", "govpush.dlq", "--bootstrap", "127.0.0.1:1"])
        #expect(fromDLQ.status != 0 && fromDLQ.errors.contains("a letter never comes from the DLQ itself"))
        let limit = try await GovPushBinary.run(["dlq", "list", "--limit", "0", "--bootstrap", "127.0.0.1:1"])
        #expect(limit.status != 0 && limit.errors.contains("--limit must be positive"))
    }
}

/// Records a reader task has consumed, for the test task to wait on.
private final class Collected: Sendable {
    let records = Mutex<[KafkaConsumerMessage]>([])
}
