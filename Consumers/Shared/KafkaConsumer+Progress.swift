import GovPushKafka
import Logging

extension KafkaConsumer {
    /// Commits the stored offsets; a commit the cluster refuses for now (coordinator moving, broker down)
    /// is logged and left to the next commit, rebalance or close, which commit everything stored so far.
    /// At worst a restart reprocesses those records, which the store's claims make harmless; stopping the
    /// worker over it would not. Fatal client errors still throw.
    func commitOrDefer(logger: Logger) async throws {
        do {
            try await commit()
        } catch {
            if error.isFatal { throw error }
            logger.warning("offset commit deferred", metadata: ["error": "\(error)"])
        }
    }
}

extension KafkaConsumer {
    /// Marks records processed; records of partitions a rebalance took away meanwhile are skipped with a
    /// warning — their new owner reads them again, and the store's claims make that harmless.
    func storeProcessed(_ messages: [KafkaConsumerMessage], logger: Logger) {
        do {
            try store(messages)
        } catch {
            logger.warning("offsets not stored: partition reassigned while processing", metadata: ["error": "\(error)"])
        }
    }
}
