import Foundation
import GovPushKafka
import Synchronization

/// The baseline for `bench pipeline`: `count` records of `size` bytes produced into a fresh 12-partition
/// topic while one consumer reads them, as fast as the Kafka layer goes; timed until the consumer has
/// them all, from the moment the consumer has its partitions (joining the group is a one-off, as it is
/// for the pipeline's roles, whose clock also starts once they are assigned). The producer stays at most `window` records ahead of the consumer — the embedded cluster
/// keeps only about 5 MB per partition, and the pipeline's dispatcher is held back the same way.
struct BareKafkaRun {
    struct Stalled: Error, CustomStringConvertible { let description: String }

    /// Records the consumer has received, shared with the producer and the watchdog.
    final class Tally: Sendable { let count = Atomic<Int>(0) }

    let bootstrap: String
    let count: Int
    let size: Int
    var partitions = 12
    var batch = 5_000
    var window = 100_000

    /// The phase's wall-clock and CPU time, from when the consumer has its partitions until it has every record.
    func run(on cluster: EmbeddedKafkaCluster) async throws -> PhaseClock.Elapsed {
        let topic = "bench-bare-\(UUID().uuidString.prefix(8).lowercased())"
        try cluster.createTopic(KafkaTopicSpec(name: topic, partitions: partitions, replicationFactor: 1))
        let consumer = try await KafkaConsumer.connect(KafkaConsumerConfiguration(bootstrapServers: bootstrap, groupID: topic, topics: [topic]))
        let producer = try await KafkaProducer.connect(KafkaProducerConfiguration(bootstrapServers: bootstrap))
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let received = Tally()
        var started = PhaseClock.start()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for try await records in consumer.batches {
                    if received.count.add(records.count, ordering: .relaxed).newValue >= count { return }
                }
            }
            let joinDeadline = ContinuousClock.now + .seconds(60)
            while try consumer.assignment().isEmpty {
                guard ContinuousClock.now < joinDeadline else {
                    tasks.cancelAll()
                    throw Stalled(description: "bare run: the consumer had no partitions after 60 s")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            started = PhaseClock.start()
            tasks.addTask {
                var sent = 0
                while sent < count {
                    while sent - received.count.load(ordering: .relaxed) > window { try await Task.sleep(for: .milliseconds(2)) }
                    let n = min(batch, count - sent)
                    try await producer.send(batch: (0..<n).map { _ in KafkaProducerMessage(topic: topic, value: value) }).check()
                    sent += n
                }
            }
            tasks.addTask {
                // Fails the run instead of hanging if records stop arriving (e.g. dropped by the cluster).
                var last = -1, lastChange = ContinuousClock.now
                while true {
                    let now = received.count.load(ordering: .relaxed)
                    if now >= count { return }
                    if now != last { (last, lastChange) = (now, .now) }
                    if ContinuousClock.now - lastChange > .seconds(30) {
                        throw Stalled(description: "bare run: the consumer stopped at \(now) of \(count) records for 30 s")
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            do {
                for _ in 0..<3 { try await tasks.next() }
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
        let measured = started.elapsed()
        await producer.close()
        try await consumer.close()
        return measured
    }
}
