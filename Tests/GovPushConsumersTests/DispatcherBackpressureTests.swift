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

/// The dispatcher holds fan-out back while a channel's deliverers lag, and resumes as they catch up.
@Suite struct DispatcherBackpressureTests {
    let reference = try! ReferenceCatalogs.bundled()

    @Test func fanOutPausesAtTheBacklogLimitAndResumesWhenDeliverersCatchUp() async throws {
        let cluster = try EmbeddedKafkaCluster.withGovPushTopics()
        let fixture = try StoreFixture(.sqlite)
        let store = try await fixture.open().store
        let count = 2_000
        for i in 0..<count {
            try await store.upsertSubscriber(try Subscriber(
                id: SubscriberID("nanling-\(i)"), regions: [SubscribedRegion(try RegionCode("340223"), role: .home)],
                domains: [try DomainID("social-assistance")], channels: [.app(userID: try AppUserID("u-\(i)"))], quietHours: nil), at: Date())
        }
        var configuration = DispatcherConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.jobBatchSize = 100
        configuration.maxDeliveryBacklog = 500
        let dispatcher = try await Dispatcher.start(configuration, store: store, reference: reference)
        let dispatching = Task { try await dispatcher.run() }
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let event = try await EventPublisher(producer: producer, reference: reference)
            .publish(EventSubmission(type: .policyPublished, body: try RepositoryFiles.bytes("docs/schemas/examples/policy-published-wuhu.json")))

        // No deliverer yet: exactly the limit is produced (five batches of 100), then nothing more.
        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        func produced() async throws -> Int64 { try await admin.highWatermarks(topic: GovPushTopics.deliveries(.app)).values.reduce(0, +) }
        #expect(try await eventually(timeout: .seconds(30)) { try await produced() == 500 })
        try await Task.sleep(for: .seconds(1))
        #expect(try await produced() == 500, "fan-out went past the backlog limit")

        let sandbox = InMemorySandboxOutbox()
        let deliverer = try await Deliverer.start(
            DelivererConfiguration(bootstrapServers: cluster.bootstrapServers, channel: .app, workerID: "app-1"),
            channel: SandboxChannel(kind: .app, outbox: sandbox), store: store, reference: reference, renderer: try NotificationRenderer())
        let delivering = Task { try await deliverer.run() }
        #expect(try await eventually(timeout: .seconds(120)) { sandbox.captured.count >= count })
        #expect(Set(sandbox.captured.map(\.subscriberID)).count == count, "every subscriber once")
        #expect(sandbox.captured.count == count)
        #expect(sandbox.captured.allSatisfy { $0.eventID == event.id })

        dispatching.cancel()
        delivering.cancel()
        await dispatcher.shutdown()
        await deliverer.shutdown()
        await producer.close()
        await admin.close()
        try await store.close()
        try await fixture.destroy()
    }
}
