import Foundation
import GovPushChannels
import GovPushConsumers
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushProducers
import GovPushStore
import GovPushTesting
import Testing

/// The sandbox of `govpush dev`, capturing into the deliverer's own store: first deliveries are recorded and
/// captured in one transaction; a delivery that already has a record still goes through the claim.
@Suite struct StoreSandboxPipelineTests {
    let reference = try! ReferenceCatalogs.bundled()
    static let eventID = "0f4c2a9e-policy-wuhu-47"  // the example policy's

    struct Harness {
        let fixture: StoreFixture
        let store: any NotificationStore
        let dispatcher: Dispatcher
        let deliverer: Deliverer
        let producer: KafkaProducer
        let publisher: EventPublisher
        let workers: [Task<Void, any Error>]

        func stop() async throws {
            for worker in workers { worker.cancel() }
            await dispatcher.shutdown()
            await deliverer.shutdown()
            await producer.close()
            try await store.close()
            try await fixture.destroy()
        }
    }

    /// Subscribers in 芜湖市 following employment, a dispatcher and an app deliverer capturing into the store.
    func start(_ cluster: EmbeddedKafkaCluster, _ backend: StoreBackend, subscribers ids: [String],
               configure: (inout DelivererConfiguration) -> Void = { _ in }) async throws -> Harness {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.open().store
        for id in ids {
            try await store.upsertSubscriber(try Subscriber(
                id: SubscriberID(id), regions: [SubscribedRegion(try RegionCode("340200"), role: .home)], domains: [try DomainID("employment")],
                channels: [.app(userID: try AppUserID("u-\(id)"))], quietHours: nil), at: Date())
        }
        let dispatcher = try await Dispatcher.start(DispatcherConfiguration(bootstrapServers: cluster.bootstrapServers), store: store, reference: reference)
        var configuration = DelivererConfiguration(bootstrapServers: cluster.bootstrapServers, channel: .app, workerID: "app-1")
        configure(&configuration)
        let deliverer = try await Deliverer.start(
            configuration, channel: SandboxChannel(kind: .app, outbox: StoreSandboxOutbox(store: store)), store: store, reference: reference,
            renderer: try NotificationRenderer())
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        return Harness(fixture: fixture, store: store, dispatcher: dispatcher, deliverer: deliverer, producer: producer,
                       publisher: EventPublisher(producer: producer, reference: reference),
                       workers: [Task { try await dispatcher.run() }, Task { try await deliverer.run() }])
    }

    func policy() throws -> EventSubmission {
        EventSubmission(type: .policyPublished, body: try RepositoryFiles.bytes("docs/schemas/examples/policy-published-wuhu.json"))
    }

    @Test(arguments: StoreBackend.allCases)
    func eachMatchingSubscriberIsCapturedOnceWithItsRecordAndStatus(_ backend: StoreBackend) async throws {
        let cluster = try EmbeddedKafkaCluster.withGovPushTopics()
        let ids = ["wuhu-1", "wuhu-2", "wuhu-held"]
        let harness = try await start(cluster, backend, subscribers: ids)
        let (store, publisher, eventID) = (harness.store, harness.publisher, Self.eventID)
        // One delivery is held by a worker that died mid-send.
        let key = { (id: String) in DeliveryKey(eventID: eventID, subscriberID: try SubscriberID(id), channel: .app) }
        let held = try key("wuhu-held")
        #expect(try await store.claim([held], by: "killed-worker", now: Date(), lease: .seconds(10))[held] == .claimed(attempt: 1))
        let policy = try policy()
        #expect(try await publisher.publish(policy).id == eventID)

        // The two free deliveries at once; the held one once its lease runs out, by the ordinary claim.
        #expect(try await eventually { try await store.delivery(held)?.status == .delivered })
        for id in ["wuhu-1", "wuhu-2"] {
            let record = try await store.delivery(try key(id))
            #expect(record?.status == .delivered && record?.attempts == 1 && record?.claimedBy == "app-1")
            #expect(record?.providerReference == "sandbox-\(try key(id).deliveryID)")
        }
        let heldRecord = try await store.delivery(held)
        #expect(heldRecord?.attempts == 2 && heldRecord?.claimedBy == "app-1")

        // Republished: nothing new is captured (the interpretation after it is the barrier).
        try await publisher.publish(policy)
        let interpretation = try await publisher.publish(
            EventSubmission(type: .policyInterpretationPublished, body: try RepositoryFiles.bytes("docs/schemas/examples/policy-interpretation-wuhu.json")))
        let barrier = DeliveryKey(eventID: interpretation.id, subscriberID: try SubscriberID("wuhu-1"), channel: .app)
        #expect(try await eventually { try await store.delivery(barrier)?.status == .delivered })
        let captured = try await store.recentSandboxMessages(limit: 100).filter { $0.eventID == eventID }
        #expect(captured.map(\.subscriberID.rawValue).sorted() == ids)
        let tally = try await store.sandboxTally()
        #expect(tally.messages == tally.distinctDeliveries)

        // Each delivery's outcome reached the status topic, as on the ordinary path.
        let consumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [GovPushTopics.deliveryStatus]))
        let statuses = ConsumedLog()
        let reading = Task { try await consumer.consumeAndCommit(into: statuses, as: "status") }
        let deliveredAttempts = { () throws -> [String: Int] in
            var attempts: [String: Int] = [:]
            for entry in statuses.all {
                let status = try DeliveryStatusRecord(record: Array(entry.value.utf8))
                if status.eventID == eventID, status.status == DeliveryStatus.delivered.rawValue { attempts[status.subscriberID] = status.attempt }
            }
            return attempts
        }
        #expect(try await eventually { try deliveredAttempts().count == ids.count })
        #expect(try deliveredAttempts() == ["wuhu-1": 1, "wuhu-2": 1, "wuhu-held": 2])
        reading.cancel()
        try await consumer.close()
        try await harness.stop()
    }

    /// Under a rate limit a notification costs one token, whichever path delivers it: the sandbox path pays
    /// only for what its write delivered, and the claim path pays for the delivery it turned down. The
    /// bucket holds exactly one token per notification and refills once in ~3 hours, so a second token
    /// taken for the held delivery would stall it past `eventually`'s bound.
    @Test func aRateLimitedSandboxTakesOneTokenPerNotification() async throws {
        let cluster = try EmbeddedKafkaCluster.withGovPushTopics()
        let ids = ["wuhu-free", "wuhu-held"]
        let harness = try await start(cluster, .sqlite, subscribers: ids) { $0.rateLimit = (perSecond: 0.0001, burst: ids.count) }
        let (store, eventID) = (harness.store, Self.eventID)
        let held = DeliveryKey(eventID: eventID, subscriberID: try SubscriberID("wuhu-held"), channel: .app)
        #expect(try await store.claim([held], by: "killed-worker", now: Date(), lease: .seconds(2))[held] == .claimed(attempt: 1))
        #expect(try await harness.publisher.publish(try policy()).id == eventID)

        #expect(try await eventually { try await store.delivery(held)?.status == .delivered })
        let free = DeliveryKey(eventID: eventID, subscriberID: try SubscriberID("wuhu-free"), channel: .app)
        #expect(try await store.delivery(free)?.attempts == 1)
        let captured = try await store.recentSandboxMessages(limit: 10).filter { $0.eventID == eventID }
        #expect(captured.map(\.subscriberID.rawValue).sorted() == ids)
        try await harness.stop()
    }
}
