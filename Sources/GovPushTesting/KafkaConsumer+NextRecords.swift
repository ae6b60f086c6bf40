import GovPushKafka

/// `count` records did not arrive in time.
public struct RecordsDidNotArrive: Error, CustomStringConvertible {
    public let description: String
}

extension KafkaConsumer {
    /// The next `count` records, or `RecordsDidNotArrive` once `timeout` has passed without them: a test
    /// waiting on a topic fails instead of hanging. (Iteration ends when its task is cancelled.)
    public func next(_ count: Int, within timeout: Duration = .seconds(60)) async throws -> [KafkaConsumerMessage] {
        let received = try await withThrowingTaskGroup(of: [KafkaConsumerMessage]?.self) { group in
            group.addTask {
                var received: [KafkaConsumerMessage] = []
                for try await message in self.messages {
                    received.append(message)
                    if received.count == count { return received }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let received else { throw RecordsDidNotArrive(description: "fewer than \(count) records within \(timeout)") }
        return received
    }
}
