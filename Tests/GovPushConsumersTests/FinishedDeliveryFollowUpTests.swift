import Foundation
import GovPushChannels
import GovPushConsumers
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushStore
import GovPushTesting
import Testing

/// A worker killed after recording outcomes but before producing their follow-ups leaves jobs that the
/// next claim finds final: their status records, fallback job and dead letter must still appear, once the
/// job comes round again. A job enqueued after its delivery was finished (a republish) adds nothing.
@Suite struct FinishedDeliveryFollowUpTests {
    let reference = try! ReferenceCatalogs.bundled()

    @Test(arguments: StoreBackend.allCases)
    func followUpsLostWithAKilledWorkerAreProducedWhenItsJobsComeRound(_ backend: StoreBackend) async throws {
        let cluster = try EmbeddedKafkaCluster.withGovPushTopics()
        let fixture = try StoreFixture(backend)
        let store = try await fixture.open().store
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let job = { (event: String, subscriber: String, fallbacks: [ChannelKind]) in
            DeliveryJob(eventID: event, eventType: .policyPublished, subscriberID: try SubscriberID(subscriber), channel: .app,
                        fallbacks: fallbacks, isUrgent: false)
        }
        let key = { (job: DeliveryJob) in DeliveryKey(eventID: job.eventID, subscriberID: job.subscriberID, channel: job.channel) }
        let finish = { (job: DeliveryJob, completion: DeliveryCompletion, at: Date) in
            #expect(try await store.claim([key(job)], by: "killed-worker", now: at, lease: .seconds(60))[key(job)] == .claimed(attempt: 1))
            try await store.complete([(key(job), completion)], by: "killed-worker", at: at)
        }

        // Finished a minute before its job was enqueued again: a republish, whose follow-ups went out the first time.
        let republished = try job("e-old", "c", [.sms])
        try await finish(republished, .failed(reason: "HTTP 400: unknown user"), Date().addingTimeInterval(-60))
        // Enqueued, then finished by a worker killed before it produced anything. The last shares the
        // republished job's subscriber, so its partition: once its status is out, the republished job was handled.
        let refused = try job("e-1", "a", [.sms]), delivered = try job("e-1", "b", []), exhausted = try job("e-1", "d", [.sms])
        let last = try job("e-2", "c", [])
        try await producer.send(batch: [republished, refused, delivered, exhausted, last].map { $0.record() }).check()
        let finishedAt = Date()
        try await finish(refused, .failed(reason: "HTTP 400: unknown user"), finishedAt)
        try await finish(delivered, .delivered(providerReference: "ref-b"), finishedAt)
        try await finish(exhausted, .deadLettered(reason: "gave up after 5 attempts: HTTP 503"), finishedAt)
        try await finish(last, .delivered(providerReference: "ref-c"), finishedAt)

        let outbox = InMemorySandboxOutbox()
        let deliverer = try await Deliverer.start(
            DelivererConfiguration(bootstrapServers: cluster.bootstrapServers, channel: .app, workerID: "app-1"),
            channel: SandboxChannel(kind: .app, outbox: outbox), store: store, reference: reference, renderer: try NotificationRenderer())
        let worker = Task { try await deliverer.run() }

        let statusConsumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [GovPushTopics.deliveryStatus]))
        let statuses = try await statusConsumer.next(4).map { try DeliveryStatusRecord(record: $0.value) }
        let byID = Dictionary(uniqueKeysWithValues: statuses.map { ($0.deliveryID, $0) })
        #expect(Set(byID.keys) == Set([refused, delivered, exhausted, last].map { key($0).deliveryID }))
        let refusedStatus = byID[key(refused).deliveryID], deliveredStatus = byID[key(delivered).deliveryID]
        #expect(refusedStatus?.status == "failed" && refusedStatus?.reason == "HTTP 400: unknown user" && refusedStatus?.attempt == 1)
        #expect(deliveredStatus?.status == "delivered" && deliveredStatus?.providerReference == "ref-b")
        #expect(byID[key(exhausted).deliveryID]?.status == "dead-lettered")

        // Everything the deliverer produced is acknowledged once the last status is read: count it all.
        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        let total = { (topic: String) in try await admin.highWatermarks(topic: topic).values.reduce(0, +) }
        #expect(try await total(GovPushTopics.deliveryStatus) == 4)
        // The refused notice falls back to SMS; the republished refusal's fallback went out the first time.
        #expect(try await total(GovPushTopics.deliveries(.sms)) == 1)
        let smsConsumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [GovPushTopics.deliveries(.sms)]))
        let fallback = try DeliveryJobCodec.decode(try await smsConsumer.next(1)[0].value)
        #expect(fallback == refused.fallingBack())
        #expect(try await total(GovPushTopics.deadLetters) == 1)
        let dlqConsumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [GovPushTopics.deadLetters]))
        let deadLetter = try #require(DeadLetter(deadLetterRecord: try await dlqConsumer.next(1)[0]))
        #expect(deadLetter.reason == "gave up after 5 attempts: HTTP 503" && deadLetter.sourceTopic == GovPushTopics.deliveries(.app))
        #expect(try DeliveryJobCodec.decode(deadLetter.value) == exhausted)
        // Nothing was sent again.
        #expect(outbox.captured.isEmpty)
        #expect(try await store.delivery(key(delivered))?.attempts == 1)

        for consumer in [statusConsumer, smsConsumer, dlqConsumer] { try await consumer.close() }
        await admin.close()
        worker.cancel()
        await deliverer.shutdown()
        await producer.close()
        try await store.close()
        try await fixture.destroy()
    }
}
