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

/// publish → dispatch → deliver, end to end through the embedded cluster over TCP, each real store
/// (SQLite and PostgreSQL), a real HTTP webhook receiver and the sandbox.
@Suite struct PipelineTests {
    let reference = try! ReferenceCatalogs.bundled()

    struct Harness {
        let cluster: EmbeddedKafkaCluster
        let store: any NotificationStore
        let fixture: StoreFixture
        let receiver: WebhookReceiver
        let sandbox: InMemorySandboxOutbox
        let publisher: EventPublisher
        let producer: KafkaProducer
        let workers: [Task<Void, any Error>]
        let shutdowns: [@Sendable () async -> Void]

        func stop() async throws {
            for worker in workers { worker.cancel() }
            for shutdown in shutdowns { await shutdown() }
            await producer.close()
            try await receiver.shutdown()
            try await store.close()
            try await fixture.destroy()
        }
    }

    func subscriber(_ id: String, region: String, domains: [String], channels: [SubscriberChannel]) throws -> Subscriber {
        try Subscriber(id: try SubscriberID(id), regions: [SubscribedRegion(try RegionCode(region), role: .home)],
                       domains: try domains.map { try DomainID($0) }, channels: channels, quietHours: nil)
    }

    func start(_ backend: StoreBackend, _ subscribers: [Subscriber], retry: RetryPolicy = RetryPolicy()) async throws -> Harness {
        let cluster = try EmbeddedKafkaCluster.withGovPushTopics()
        let fixture = try StoreFixture(backend)
        let store = try await fixture.open().store
        for subscriber in subscribers { try await store.upsertSubscriber(subscriber, at: Date()) }
        let secret = WebhookSecret("test-secret")
        let receiver = try await WebhookReceiver.start(secret: secret)
        let sandbox = InMemorySandboxOutbox()
        let renderer = try NotificationRenderer()

        let dispatcher = try await Dispatcher.start(DispatcherConfiguration(bootstrapServers: cluster.bootstrapServers), store: store, reference: reference)
        var appConfiguration = DelivererConfiguration(bootstrapServers: cluster.bootstrapServers, channel: .app, workerID: "app-1")
        appConfiguration.retry = retry
        let app = try await Deliverer.start(
            appConfiguration,
            channel: AppWebhookChannel(configuration: AppWebhookConfiguration(endpoint: receiver.url, secret: secret, timeout: .seconds(5))),
            store: store, reference: reference, renderer: renderer)
        let sms = try await Deliverer.start(
            DelivererConfiguration(bootstrapServers: cluster.bootstrapServers, channel: .sms, workerID: "sms-1"),
            channel: SandboxChannel(kind: .sms, outbox: sandbox), store: store, reference: reference, renderer: renderer)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        return Harness(
            cluster: cluster, store: store, fixture: fixture, receiver: receiver, sandbox: sandbox,
            publisher: EventPublisher(producer: producer, reference: reference), producer: producer,
            workers: [Task { try await dispatcher.run() }, Task { try await app.run() }, Task { try await sms.run() }],
            shutdowns: [{ await dispatcher.shutdown() }, { await app.shutdown() }, { await sms.shutdown() }]
        )
    }

    func example(_ name: String, type: EventType) throws -> EventSubmission {
        EventSubmission(type: type, body: try RepositoryFiles.bytes("docs/schemas/examples/\(name).json"))
    }

    func deliveryID(_ eventID: String, _ subscriber: String, _ channel: ChannelKind) throws -> String {
        DeliveryKey(eventID: eventID, subscriberID: try SubscriberID(subscriber), channel: channel).deliveryID
    }

    @Test(arguments: StoreBackend.allCases)
    func aPolicyReachesExactlyTheMatchingSubscribersOnceEvenWhenRepublished(_ backend: StoreBackend) async throws {
        let harness = try await start(backend, [
            // 芜湖市's policy (340200; social-assistance, compulsory-education, employment) reaches its subtree.
            try subscriber("nanling-app", region: "340223", domains: ["social-assistance"], channels: [.app(userID: try AppUserID("u-nanling"))]),
            try subscriber("wuhu-app", region: "340200", domains: ["employment"], channels: [.app(userID: try AppUserID("u-wuhu"))]),
            try subscriber("nanling-sms", region: "340223100", domains: ["compulsory-education"], channels: [.sms(try PhoneNumber("13812341234"))]),
            // Outside the subtree, or outside the domains: nothing.
            try subscriber("xuancheng-app", region: "341800", domains: ["social-assistance"], channels: [.app(userID: try AppUserID("u-xc"))]),
            try subscriber("nanling-other", region: "340223", domains: ["ecology-and-environment"], channels: [.app(userID: try AppUserID("u-other"))]),
        ])
        let policy = try example("policy-published-wuhu", type: .policyPublished)
        let event = try await harness.publisher.publish(policy)
        let expected = [try deliveryID(event.id, "nanling-app", .app), try deliveryID(event.id, "wuhu-app", .app)]
        #expect(try await eventually(timeout: .seconds(60)) {
            harness.receiver.acceptedDeliveries.count == 2 && harness.sandbox.captured.count == 1
        }, "received \(harness.receiver.acceptedDeliveries), sandbox \(harness.sandbox.captured.count)")
        #expect(Set(harness.receiver.acceptedDeliveries.keys) == Set(expected))
        #expect(harness.sandbox.captured.first?.subscriberID == (try SubscriberID("nanling-sms")))

        // Republish the same event id, then an interpretation of the same policy (same Kafka key, so it
        // is dispatched after the republish, and its jobs queue behind the republished ones per subscriber).
        try await harness.publisher.publish(policy)
        let interpretation = try await harness.publisher.publish(try example("policy-interpretation-wuhu", type: .policyInterpretationPublished))
        let barrier = try deliveryID(interpretation.id, "nanling-app", .app)
        #expect(try await eventually(timeout: .seconds(60)) { harness.receiver.acceptedCount(of: barrier) == 1 })
        for id in expected { #expect(harness.receiver.acceptedCount(of: id) == 1, "delivery \(id) repeated") }
        #expect(harness.sandbox.captured.filter { $0.eventID == event.id }.count == 1)
        let record = try await harness.store.delivery(DeliveryKey(eventID: event.id, subscriberID: try SubscriberID("nanling-app"), channel: .app))
        #expect(record?.status == .delivered && record?.attempts == 1)
        try await harness.stop()
    }

    @Test(arguments: StoreBackend.allCases)
    func aWebhookAnswering500Then200GetsTheNoticeOnce(_ backend: StoreBackend) async throws {
        let harness = try await start(backend, [
            try subscriber("wuhu-app", region: "340200", domains: ["employment"], channels: [.app(userID: try AppUserID("u-wuhu"))]),
        ])
        harness.receiver.script(.status(500))
        let event = try await harness.publisher.publish(try example("policy-published-wuhu", type: .policyPublished))
        let id = try deliveryID(event.id, "wuhu-app", .app)
        // The retry waits in the first tier (5 s ± 20 %).
        #expect(try await eventually(timeout: .seconds(60)) { harness.receiver.acceptedCount(of: id) == 1 })
        #expect(harness.receiver.requests.filter { $0.deliveryID == id }.map(\.status) == [500, 200])
        let key = DeliveryKey(eventID: event.id, subscriberID: try SubscriberID("wuhu-app"), channel: .app)
        #expect(try await eventually(timeout: .seconds(30)) { try await harness.store.delivery(key)?.status == .delivered })
        let record = try await harness.store.delivery(key)
        #expect(record?.status == .delivered && record?.attempts == 2)
        try await harness.stop()
    }

    @Test(arguments: StoreBackend.allCases)
    func aPermanentRefusalIsNotRetriedAndTheNextChannelGetsTheNotice(_ backend: StoreBackend) async throws {
        let harness = try await start(backend, [
            try Subscriber(id: try SubscriberID("wuhu-both"), regions: [SubscribedRegion(try RegionCode("340200"), role: .home)],
                           domains: [try DomainID("employment")],
                           channels: [.app(userID: try AppUserID("u-both")), .sms(try PhoneNumber("13812340000"))],
                           channelOrder: [.app, .sms], quietHours: nil),
        ])
        harness.receiver.script(.status(400))
        let event = try await harness.publisher.publish(try example("policy-published-wuhu", type: .policyPublished))
        #expect(try await eventually(timeout: .seconds(60)) { harness.sandbox.captured.count == 1 })
        #expect(harness.sandbox.captured.first?.address.kind == .sms)
        #expect(harness.receiver.requests.count == 1, "a 400 is not retried")
        let app = try await harness.store.delivery(DeliveryKey(eventID: event.id, subscriberID: try SubscriberID("wuhu-both"), channel: .app))
        #expect(app?.status == .failed && app?.attempts == 1)
        try await harness.stop()
    }

    @Test(arguments: StoreBackend.allCases)
    func poisonRecordsGoToTheDeadLetterTopicAndLaterRecordsFlow(_ backend: StoreBackend) async throws {
        let harness = try await start(backend, [
            try subscriber("wuhu-app", region: "340200", domains: ["employment"], channels: [.app(userID: try AppUserID("u-wuhu"))]),
        ])
        try await harness.producer.send(KafkaProducerMessage(topic: GovPushTopics.deliveries(.app), key: "wuhu-app", value: "not a job"))
        try await harness.producer.send(KafkaProducerMessage(topic: GovPushTopics.events, key: "k", value: #"{"specversion":"1.0","id":"bad-1"}"#))
        try await harness.producer.send(KafkaProducerMessage(topic: GovPushTopics.retry(.app, tier: 0), key: "wuhu-app", value: "\u{0}\u{1}garbage"))
        let event = try await harness.publisher.publish(try example("policy-published-wuhu", type: .policyPublished))
        #expect(try await eventually(timeout: .seconds(60)) { harness.receiver.acceptedCount(of: try deliveryID(event.id, "wuhu-app", .app)) == 1 })

        let consumer = try await KafkaConsumer.connect(harness.cluster.consumerConfiguration(topics: [GovPushTopics.deadLetters]))
        let letters = try await consumer.next(3).map { try #require(DeadLetter(deadLetterRecord: $0)) }
        try await consumer.close()
        let bySource = Dictionary(uniqueKeysWithValues: letters.map { ($0.sourceTopic, $0) })
        #expect(bySource[GovPushTopics.deliveries(.app)]?.reason.contains("unreadable delivery job") == true)
        #expect(bySource[GovPushTopics.deliveries(.app)]?.value == Array("not a job".utf8), "the original bytes are kept for replay")
        #expect(bySource[GovPushTopics.events]?.reason.contains("bad-1") == true)
        #expect(bySource[GovPushTopics.retry(.app, tier: 0)]?.reason.contains("unreadable delivery job") == true)
        try await harness.stop()
    }

    /// A deliverer killed mid-send leaves its claim behind; the job must not be dropped by whoever reads
    /// it next, but delivered once the dead worker's lease runs out.
    @Test(arguments: StoreBackend.allCases)
    func aDeliveryHeldByADeadWorkerIsDeliveredAfterItsLease(_ backend: StoreBackend) async throws {
        let harness = try await start(backend, [
            try subscriber("wuhu-app", region: "340200", domains: ["employment"], channels: [.app(userID: try AppUserID("u-wuhu"))]),
        ])
        let policy = try example("policy-published-wuhu", type: .policyPublished)
        let key = DeliveryKey(eventID: "0f4c2a9e-policy-wuhu-47", subscriberID: try SubscriberID("wuhu-app"), channel: .app)
        let held = try await harness.store.claim([key], by: "killed-worker", now: Date(), lease: .seconds(15))
        #expect(held[key] == .claimed(attempt: 1))
        try await harness.publisher.publish(policy)
        #expect(try await eventually(timeout: .seconds(60)) { harness.receiver.acceptedCount(of: key.deliveryID) == 1 })
        // The outcome is recorded just after the receiver answers.
        #expect(try await eventually(timeout: .seconds(30)) { try await harness.store.delivery(key)?.status == .delivered })
        let record = try await harness.store.delivery(key)
        #expect(record?.status == .delivered && record?.attempts == 2)
        try await harness.stop()
    }

    /// `govpush dlq replay` after a fix: the dead-lettered delivery is reopened and delivered, once.
    @Test(arguments: StoreBackend.allCases)
    func aDeadLetteredDeliveryReplayedAfterAFixIsDeliveredOnce(_ backend: StoreBackend) async throws {
        var retry = RetryPolicy()
        retry.maxAttempts = 1
        let harness = try await start(backend, [
            try subscriber("wuhu-app", region: "340200", domains: ["employment"], channels: [.app(userID: try AppUserID("u-wuhu"))]),
        ], retry: retry)
        harness.receiver.script(.status(503))
        let event = try await harness.publisher.publish(try example("policy-published-wuhu", type: .policyPublished))
        let key = DeliveryKey(eventID: event.id, subscriberID: try SubscriberID("wuhu-app"), channel: .app)
        #expect(try await eventually(timeout: .seconds(60)) { try await harness.store.delivery(key)?.status == .deadLettered })

        let consumer = try await KafkaConsumer.connect(harness.cluster.consumerConfiguration(topics: [GovPushTopics.deadLetters]))
        let letter = try await consumer.next(1).first.flatMap { DeadLetter(deadLetterRecord: $0) }
        try await consumer.close()
        let replay = try #require(letter).replay
        #expect(replay.topic == GovPushTopics.deliveries(.app))
        try await harness.producer.send(replay)

        #expect(try await eventually(timeout: .seconds(60)) { try await harness.store.delivery(key)?.status == .delivered })
        #expect(harness.receiver.requests.filter { $0.deliveryID == key.deliveryID }.map(\.status) == [503, 200])
        // A second replay of the same letter finds the delivery done and sends nothing.
        try await harness.producer.send(replay)
        try await Task.sleep(for: .seconds(2))
        #expect(harness.receiver.acceptedCount(of: key.deliveryID) == 1)
        try await harness.stop()
    }
}
