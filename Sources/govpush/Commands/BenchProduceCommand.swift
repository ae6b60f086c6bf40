import ArgumentParser
import Foundation
import GovPushKafka
import GovPushTools
import Logging

/// `govpush bench produce`: the Swift producer against `kcat -P` on the same embedded cluster, with the
/// same librdkafka settings and message size, in the same run. Every message must arrive: delivery
/// reports are counted and the topics' high watermarks must add up to the message count.
struct BenchProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Swift producer throughput vs kcat -P on the embedded cluster."
    )

    @Option(help: "Messages per run.") var messages = 1_000_000
    @Option(help: "Bytes per message.") var size = 512
    @Option(help: "Partitions of each benchmark topic.") var partitions = 12
    @Option(help: "Brokers in the embedded cluster.") var brokers = 1
    @Option(help: "Runs of each producer, alternating; the median counts.") var rounds = 3
    @Option(help: "Records per send(batch:) call (4 calls in flight).") var batch = 50_000

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive") }
        guard size >= 1 else { throw ValidationError("--size must be at least 1 byte") }
        guard partitions > 0, brokers > 0, rounds > 0, batch > 0 else {
            throw ValidationError("--partitions, --brokers, --rounds and --batch must be positive")
        }
    }

    func run() async throws {
        let kcat = try Kcat()
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: Logger(label: "bench"))
        let configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        // kcat reads newline-delimited messages: size-1 payload bytes plus the newline.
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-bench-\(UUID().uuidString).txt")
        try writeKcatInput(to: input, line: payload)
        defer { try? FileManager.default.removeItem(at: input) }

        var swiftRates: [Double] = [], kcatRates: [Double] = []
        for round in 0..<rounds {
            let swiftTopic = try makeTopic(cluster, "bench-swift-\(round)")
            let kcatTopic = try makeTopic(cluster, "bench-kcat-\(round)")
            // Alternate which goes first so neither always gets the warmer machine.
            for first in round % 2 == 0 ? [true, false] : [false, true] {
                if first {
                    let seconds = try await timeSwift(configuration, topic: swiftTopic, payload: payload)
                    try await verify(cluster, topic: swiftTopic)
                    swiftRates.append(Double(messages) / seconds)
                    note("round \(round + 1): swift \(Int(Double(messages) / seconds)) msg/s")
                } else {
                    let seconds = try timeKcat(kcat, configuration, topic: kcatTopic, input: input)
                    try await verify(cluster, topic: kcatTopic)
                    kcatRates.append(Double(messages) / seconds)
                    note("round \(round + 1): kcat  \(Int(Double(messages) / seconds)) msg/s")
                }
            }
        }
        let swift = median(swiftRates), baseline = median(kcatRates)
        try printBenchReport([
            "bench": "produce", "messages": messages, "size": size, "partitions": partitions, "brokers": brokers, "rounds": rounds,
            "swift_msgs_per_s": Int(swift), "kcat_msgs_per_s": Int(baseline), "ratio": rounded(swift / baseline),
        ])
    }

    private func makeTopic(_ cluster: EmbeddedKafkaCluster, _ name: String) throws -> String {
        try cluster.createTopic(KafkaTopicSpec(name: name, partitions: partitions, replicationFactor: 1))
        return name
    }

    /// Connect, send every message in pipelined batches, flush, close: the same span kcat's run covers.
    private func timeSwift(_ configuration: KafkaProducerConfiguration, topic: String, payload: [UInt8]) async throws -> Double {
        let value = Array(payload.dropLast())  // kcat's payload excludes the newline
        let started = ContinuousClock.now
        let producer = try await KafkaProducer.connect(configuration)
        let total = messages, batchSize = batch
        try await withThrowingTaskGroup(of: KafkaBatchReport.self) { group in
            var sent = 0, inFlight = 0
            while sent < total {
                let count = min(batchSize, total - sent)
                let records = (0..<count).map { _ in KafkaProducerMessage(topic: topic, value: value) }
                group.addTask { try await producer.send(batch: records) }
                sent += count
                inFlight += 1
                if inFlight >= 4, let report = try await group.next() {
                    try report.check()
                    inFlight -= 1
                }
            }
            for try await report in group { try report.check() }
        }
        await producer.close()
        return (ContinuousClock.now - started).seconds
    }

    private func timeKcat(_ kcat: Kcat, _ configuration: KafkaProducerConfiguration, topic: String, input: URL) throws -> Double {
        var arguments = ["-P", "-q", "-b", configuration.bootstrapServers, "-t", topic, "-l", input.path]
        for (name, value) in configuration.effectiveProperties where name != "bootstrap.servers" {
            arguments += ["-X", "\(name)=\(value)"]
        }
        let started = ContinuousClock.now
        try kcat.run(arguments, timeout: .seconds(600))
        return (ContinuousClock.now - started).seconds
    }

    /// Every message reached the broker: the partitions' high watermarks add up to the count.
    private func verify(_ cluster: EmbeddedKafkaCluster, topic: String) async throws {
        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        let stored = try await admin.highWatermarks(topic: topic).values.reduce(0, +)
        await admin.close()
        guard stored == Int64(messages) else {
            throw ValidationError("\(topic) holds \(stored) messages, expected \(messages): the run lost or duplicated messages")
        }
    }

    private func writeKcatInput(to url: URL, line payload: [UInt8]) throws {
        var line = payload
        line[line.count - 1] = UInt8(ascii: "\n")
        let linesPerChunk = 10_000
        let chunk = Data(Array(repeating: line, count: linesPerChunk).joined())
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        for start in stride(from: 0, to: messages, by: linesPerChunk) {
            try handle.write(contentsOf: chunk.prefix(min(linesPerChunk, messages - start) * line.count))
        }
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
