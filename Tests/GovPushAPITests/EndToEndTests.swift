import Foundation
import GovPushAPI
import GovPushChannels
import GovPushConsumers
import GovPushDomain
import GovPushStore
import GovPushTesting
import HummingbirdTesting
import Testing

/// A subscriber registered through the API receives an event ingested through the API, through the
/// embedded cluster (dispatcher + sandbox deliverer); its inbox shows it and the tenant's status callback
/// receives the signed outcome.
@Suite struct EndToEndTests {
    @Test(arguments: StoreBackend.allCases)
    func aSubscriberRegisteredThroughTheAPIReceivesAnIngestedEvent(_ backend: StoreBackend) async throws {
        let harness = try await APIHarness.start(backend)
        let receiver = try await WebhookReceiver.start(secret: WebhookSecret(bytes: harness.tenant.secret))
        let bootstrap = harness.cluster.bootstrapServers
        let reference = try ReferenceCatalogs.bundled()
        let outbox = InMemorySandboxOutbox()
        let dispatcher = try await Dispatcher.start(DispatcherConfiguration(bootstrapServers: bootstrap), store: harness.store, reference: reference)
        let sms = try await Deliverer.start(DelivererConfiguration(bootstrapServers: bootstrap, channel: .sms, workerID: "sms-e2e"),
                                            channel: SandboxChannel(kind: .sms, outbox: outbox), store: harness.store, reference: reference,
                                            renderer: try NotificationRenderer())
        var forwarding = StatusCallbackForwarder.Configuration(bootstrapServers: bootstrap)
        forwarding.firstBackoff = .milliseconds(100)
        let forwarder = try await StatusCallbackForwarder.start(forwarding, store: harness.store)
        let workers = [Task { try await dispatcher.run() }, Task { try await sms.run() }, Task { try await forwarder.run() }]

        try await harness.application().test(.router) { client in
            let subscriber = #"{"regions":[{"code":"340223"}],"domains":["social-assistance"],"channels":[{"kind":"sms","phone":"13812345678"}],"quietHours":null}"#
            #expect(try await client.call(harness, .put, "/v1/subscribers/wst-e2e", json: subscriber).status == .created)
            #expect(try await client.call(harness, .put, "/v1/status-callback", json: "{\"url\":\"\(receiver.url)\"}").status == .ok)
            let policy = String(decoding: try RepositoryFiles.bytes("docs/schemas/examples/policy-published-wuhu.json"), as: UTF8.self)
            let accepted = try await client.call(harness, .post, "/v1/events?type=cn.gov.disclosure.policy.published", json: policy)
            #expect(accepted.status == .accepted)
            let eventID = try #require(accepted.json["id"] as? String)
            let id = try SubscriberID("\(harness.tenant.id)/wst-e2e")
            let delivery = DeliveryKey(eventID: eventID, subscriberID: id, channel: .sms).deliveryID

            #expect(try await eventually(timeout: .seconds(60)) { outbox.captured.contains { $0.subscriberID == id } })
            #expect(outbox.captured.filter { $0.subscriberID == id }.count == 1)
            #expect(try await eventually(timeout: .seconds(30)) { receiver.acceptedCount(of: delivery) >= 1 })
            let callback = try #require(receiver.requests.first { $0.deliveryID == delivery })
            #expect(callback.signatureFailure == nil)
            #expect(callback.json?["externalId"] as? String == "wst-e2e")
            #expect(callback.json?["status"] as? String == "delivered")

            let inbox = try await client.call(harness, .get, "/v1/subscribers/wst-e2e/inbox")
            let items = try #require(inbox.json["items"] as? [[String: Any]])
            #expect(items.first?["notificationId"] as? String == delivery)
            #expect(items.first?["eventType"] as? String == "cn.gov.disclosure.policy.published")
        }
        for worker in workers { worker.cancel() }
        await dispatcher.shutdown()
        await sms.shutdown()
        await forwarder.shutdown()
        try await receiver.shutdown()
        try await harness.stop()
    }
}
