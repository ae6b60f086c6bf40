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

/// The tracker end to end through the embedded cluster: an incident published to govpush.events opens its
/// window, an alert fires on the controllable clock, and the response (even one published first) closes it.
@Suite struct WindowTrackerTests {
    let reference = try! ReferenceCatalogs.bundled()
    let start = Date(timeIntervalSince1970: 1_759_975_200)  // 2025-10-09 10:00 +08:00

    func incident(_ id: String) throws -> GovEvent {
        .incidentReported(IncidentReported(incidentID: id, severity: .major, region: try RegionCode("340223"),
                                           domains: [try DomainID("work-safety")], summary: "某镇道路塌陷", detectedAt: start))
    }

    func response(_ id: String, at time: Date) throws -> GovEvent {
        .incidentResponded(IncidentResponded(incidentID: id, url: "https://www.nlx.gov.cn/r/\(id)", respondedAt: time,
                                             region: try RegionCode("340223"), domains: [try DomainID("work-safety")], summary: "权威发布"))
    }

    @Test(arguments: StoreBackend.allCases)
    func anIncidentOpensAWindowWhoseAlertFiresAndItsResponseClosesIt(_ backend: StoreBackend) async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        var layout = GovPushTopics()
        layout.replicationFactor = 1
        for spec in layout.specs { try cluster.createTopic(spec) }
        try await withStore(backend) { _, opened in
            let store = try #require(opened.store as? any WindowAlertScheduler.Store)
            let clock = ManualWindowClock(start)
            let outbox = InMemorySandboxOutbox()
            let wakeup = AlertWakeup()
            var configuration = WindowTrackerConfiguration(bootstrapServers: cluster.bootstrapServers)
            configuration.maximumSleep = .seconds(7 * 86_400)
            let tracker = try await WindowTracker.start(configuration, store: store, reference: reference, wakeup: wakeup, clock: clock)
            let roster = try OpsRoster([try RegionCode("340223"): .init(onDuty: [.wecomGroup(botKey: try WeComBotKey("nanling-duty-bot"))])],
                                       regions: reference.regions)
            let scheduler = WindowAlertScheduler(
                configuration, store: store, channels: [.wecomGroup: SandboxChannel(kind: .wecomGroup, outbox: outbox)], roster: roster,
                renderer: try WindowAlertRenderer(), wakeup: wakeup, clock: clock)
            let workers = [Task { try await tracker.run() }, Task { try await scheduler.run() }]
            let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
            let publisher = EventPublisher(producer: producer, reference: reference)
            func publish(_ event: GovEvent, id: String) async throws {
                _ = try await publisher.publish(EventSubmission(type: event.type, body: event.payload.encodedData, id: id, time: start))
            }
            do {
                try await publish(try incident("yq-e2e"), id: "evt-incident")
                #expect(try await eventually { try await store.window(id: "incident:yq-e2e") != nil })
                let window = try #require(try await store.window(id: "incident:yq-e2e"))
                #expect(window.kind == .majorIncident)
                #expect(window.dueAt == start.addingTimeInterval(5 * 3600))
                #expect(window.openingEventID == "evt-incident")
                // The scheduler was woken and now sleeps until the 50% warning.
                #expect(try await eventually { clock.nextWakeup == start.addingTimeInterval(9000) })
                clock.advance(to: start.addingTimeInterval(9000))
                #expect(try await eventually { outbox.captured.count == 1 })
                #expect(outbox.captured[0].message.title.contains("时限预警"))

                try await publish(try response("yq-e2e", at: start.addingTimeInterval(10_000)), id: "evt-response")
                #expect(try await eventually { try await store.window(id: "incident:yq-e2e")?.closedAt != nil })
                let statuses = try await store.windowAlerts(windowID: "incident:yq-e2e").map(\.status)
                #expect(statuses == [.sent, .cancelled, .cancelled, .cancelled])

                // Out of order: the response is consumed before its incident and still closes the window.
                try await publish(try response("yq-early", at: start.addingTimeInterval(600)), id: "evt-early-response")
                #expect(try await eventually { try await opened.scalarInt("SELECT count(*) FROM response_window_early_closes") == 1 })
                try await publish(try incident("yq-early"), id: "evt-late-incident")
                #expect(try await eventually { try await store.window(id: "incident:yq-early")?.closedAt != nil })
                #expect(try await store.windowAlerts(windowID: "incident:yq-early").isEmpty)

            } catch {
                for worker in workers { worker.cancel() }
                await tracker.shutdown()
                await producer.close()
                throw error
            }
            for worker in workers { worker.cancel() }
            await tracker.shutdown()
            await producer.close()
        }
    }
}
