import Foundation
import GovPushChannels
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushStore

extension Deliverer {
    /// First deliveries into the store's own sandbox. The capture is a write to the same store as the
    /// delivery record, so both go in one transaction: no claim, no lease, no completion, and the same
    /// final record and status as the ordinary path. Returns the jobs left for the ordinary path: those
    /// whose delivery has a record already (a retry, a replay, a redelivery after a rebalance) and those
    /// not sendable now (no subscriber or address, quiet hours, unrenderable); and the subscribers it read,
    /// so that the ordinary path does not read them again.
    func deliverFirstToSandbox(_ jobs: [DeliveryJob], followUps: inout [KafkaProducerMessage]) async throws
        -> (rest: [DeliveryJob], subscribers: [SubscriberID: Subscriber]) {
        guard !jobs.isEmpty else { return (jobs, [:]) }
        let subscribers = try await store.subscribers(Array(Set(jobs.map(\.subscriberID))))
        let now = clock()
        var rest: [DeliveryJob] = []
        var ready: [(job: DeliveryJob, key: DeliveryKey)] = []
        var messages: [SandboxMessage] = []
        for job in jobs {
            let key = DeliveryKey(eventID: job.eventID, subscriberID: job.subscriberID, channel: job.channel)
            guard case .ready(let notification) = try await prepare(job, key: key, subscriber: subscribers[job.subscriberID]) else {
                rest.append(job)
                continue
            }
            ready.append((job, key))
            messages.append(SandboxMessage(capturing: notification, at: now))
        }
        let delivered = messages.isEmpty ? [] : try await store.deliverToSandbox(messages, by: configuration.workerID, at: now)
        // Tokens for what this write delivered, taken after it: a message it turned down (its delivery has a
        // record already) goes on to the claim path, which takes the token if it sends. The write is committed,
        // so a cancelled wait (shutdown) only ends the pacing; the statuses below must still be published.
        if let rateLimit { for _ in 0..<delivered.count { try? await rateLimit.acquire() } }
        for (job, key) in ready {
            guard delivered.contains(key.deliveryID) else {
                rest.append(job)
                continue
            }
            let completion = DeliveryCompletion.delivered(providerReference: SandboxChannel.providerReference(deliveryID: key.deliveryID))
            followUps.append(statusRecord(key, completion: completion, attempt: 1, at: now))
        }
        if !delivered.isEmpty {
            PipelineMetrics.notifications(channel: configuration.channel.rawValue, outcomes: [DeliveryStatus.delivered.rawValue: delivered.count])
        }
        return (rest, subscribers)
    }
}
