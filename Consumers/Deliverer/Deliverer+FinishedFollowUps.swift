import Foundation
import GovPushKafka
import GovPushMessaging
import GovPushStore

extension Deliverer {
    /// The follow-ups of deliveries a claim found final although their job was enqueued before they were
    /// finished. The worker that finished one recorded it first and produced its follow-ups after; if it died
    /// in between (SIGKILL after the store's commit), its status record, fallback job or dead letter exists
    /// nowhere else, and this redelivery of the job is the last chance to produce them.
    ///
    /// A job enqueued after its delivery was finished (an event republished, a dispatcher re-fanning out)
    /// found nothing missing, so it adds nothing. Producing one again when the finisher did not die (two
    /// workers met the same job in a rebalance) is harmless: status consumers are at-least-once, a fallback
    /// job is claimed once by its own delivery key, and a DLQ replay reopens only what is still dead-lettered.
    ///
    /// `messages` is the batch the jobs came in, for their Kafka timestamps: decoded again here, off the hot
    /// path, as a claim rarely finds a delivery final.
    func followUpsOfFinished(_ finished: [(job: DeliveryJob, key: DeliveryKey)], in messages: [KafkaConsumerMessage]) async throws
        -> [KafkaProducerMessage] {
        guard !finished.isEmpty else { return [] }
        let keys = Set(finished.map(\.key))
        // The earliest copy's enqueue time: any copy enqueued before the finish may be the one that lost them.
        var enqueuedAt: [DeliveryKey: Date] = [:]
        for message in messages {
            guard let job = try? DeliveryJobCodec.decode(message.value) else { continue }
            let key = DeliveryKey(eventID: job.eventID, subscriberID: job.subscriberID, channel: job.channel)
            guard keys.contains(key) else { continue }
            let at = message.timestampMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) } ?? .distantPast
            enqueuedAt[key] = min(enqueuedAt[key] ?? .distantFuture, at)
        }
        let records = try await store.deliveries(Array(keys))
        var followUps: [KafkaProducerMessage] = []
        var resumed = Set<DeliveryKey>()
        for (job, key) in finished where !resumed.contains(key) {
            guard let record = records[key], let completion = record.finalCompletion,
                  record.updatedAt >= enqueuedAt[key] ?? .distantPast else { continue }
            resumed.insert(key)
            followUps.append(statusRecord(key, completion: completion, attempt: record.attempts, at: record.updatedAt))
            switch completion {
            case .failed: if let fallback = job.fallingBack() { followUps.append(fallback.record()) }
            case .deadLettered(let reason): followUps.append(deadLetterRecord(job, reason: reason, at: record.updatedAt))
            case .delivered, .retrying, .deferred: break
            }
        }
        if !resumed.isEmpty {
            logger.warning("produced again the follow-ups of deliveries finished after their job was enqueued",
                           metadata: ["deliveries": "\(resumed.count)", "channel": "\(configuration.channel)"])
        }
        return followUps
    }
}
