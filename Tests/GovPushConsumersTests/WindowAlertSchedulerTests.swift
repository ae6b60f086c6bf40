import Foundation
import GovPushChannels
import GovPushConsumers
import GovPushDomain
import GovPushStore
import GovPushTesting
import Testing

/// Alerts on a controllable clock, through recording (sandbox) channels, on both stores: each fires at its
/// due time, exactly once, to the inherited roster; a restarted scheduler fires nothing twice.
@Suite struct WindowAlertSchedulerTests {
    let reference = try! ReferenceCatalogs.bundled()
    let start = Date(timeIntervalSince1970: 1_759_975_200)  // 2025-10-09 10:00 +08:00
    /// The scheduler's longest sleep with nothing pending.
    static let cap: TimeInterval = 7 * 86_400

    struct Harness {
        let store: any WindowAlertScheduler.Store
        let clock: ManualWindowClock
        let outbox: InMemorySandboxOutbox
        let wakeup: AlertWakeup
        let make: @Sendable (any WindowAlertScheduler.Store) -> WindowAlertScheduler
    }

    /// The roster sits on the city (芜湖市 340200); windows are in its county 南陵县 (340223), which inherits it.
    func harness(_ opened: OpenedStore) throws -> Harness {
        let store = try #require(opened.store as? any WindowAlertScheduler.Store)
        let clock = ManualWindowClock(start)
        let outbox = InMemorySandboxOutbox()
        let wakeup = AlertWakeup()
        let roster = try OpsRoster([
            try RegionCode("340200"): .init(onDuty: [.wecomGroup(botKey: try WeComBotKey("wuhu-duty-bot-key"))],
                                            escalation: [.sms(try PhoneNumber("13800138000"))]),
        ], regions: reference.regions)
        let channels: [ChannelKind: any NotificationChannel] = [
            .wecomGroup: SandboxChannel(kind: .wecomGroup, outbox: outbox), .sms: SandboxChannel(kind: .sms, outbox: outbox),
        ]
        let renderer = try WindowAlertRenderer(regionName: { [reference] in reference.regions.region($0)?.name })
        var configuration = WindowTrackerConfiguration(bootstrapServers: "unused")
        configuration.workerID = "windows-test"
        configuration.maximumSleep = .seconds(Int64(Self.cap))
        let make: @Sendable (any WindowAlertScheduler.Store) -> WindowAlertScheduler = { [configuration] store in
            WindowAlertScheduler(configuration, store: store, channels: channels, roster: roster, renderer: renderer,
                                 wakeup: wakeup, clock: clock)
        }
        return Harness(store: store, clock: clock, outbox: outbox, wakeup: wakeup, make: make)
    }

    func incident(hours: Double) throws -> ResponseWindow {
        ResponseWindow(kind: hours == 5 ? .majorIncident : .otherIncident, aggregateID: "yq-1", region: try RegionCode("340223"),
                       domains: [try DomainID("work-safety")], subject: "某镇道路塌陷", openedAt: start,
                       dueAt: start.addingTimeInterval(hours * 3600), openingEventID: "open-1")
    }

    /// The scheduler has done everything due and sleeps until `instant`: the deterministic idle point.
    func idle(_ clock: ManualWindowClock, until instant: Date?) async throws {
        let reached = try await eventually(timeout: .seconds(60)) { clock.sleeperCount == 1 && clock.nextWakeup == instant }
        #expect(reached, "the scheduler should sleep until \(String(describing: instant)), sleeps until \(String(describing: clock.nextWakeup))")
    }

    @Test(arguments: StoreBackend.allCases, [5.0, 48.0])
    func everyAlertFiresAtItsDueTimeExactlyOnce(_ backend: StoreBackend, _ hours: Double) async throws {
        try await withStore(backend) { _, opened in
            let h = try harness(opened)
            let window = try incident(hours: hours)
            let scheduler = h.make(h.store)
            let running = Task { try await scheduler.run() }
            defer { running.cancel() }
            _ = try await h.store.openWindow(window, alerts: try WindowAlertPlan().alerts(for: window, now: start), at: start)
            h.wakeup.signal()
            let length = hours * 3600
            let dues = [0.5, 0.8, 1.0].map { start.addingTimeInterval(length * $0) }
            for (index, due) in dues.enumerated() {
                try await idle(h.clock, until: due)
                #expect(h.outbox.captured.count == index)  // nothing before its time
                h.clock.advance(to: due)
                #expect(try await eventually { h.outbox.captured.count >= index + 1 })
            }
            // The deadline and the breach are due together: the escalation goes to the escalation list.
            #expect(try await eventually { h.outbox.captured.count == 4 })
            try await idle(h.clock, until: dues[2].addingTimeInterval(Self.cap))  // nothing pending: the scheduler's cap
            let sent = h.outbox.captured
            #expect(sent.map(\.address.kind) == [.wecomGroup, .wecomGroup, .wecomGroup, .sms])
            #expect(sent.map(\.subscriberID.rawValue) == ["ops-340200-on-duty-1", "ops-340200-on-duty-1", "ops-340200-on-duty-1",
                                                           "ops-340200-escalation-1"])
            #expect(sent[0].message.title.contains("时限预警"))
            #expect(sent[0].message.body.contains(hours == 5 ? "剩余 2小时30分" : "剩余 1天"))
            #expect(sent[0].message.body.contains("南陵县"))
            #expect(sent[0].message.body.contains("某镇道路塌陷"))
            #expect(sent[2].message.title.contains("时限已到"))
            #expect(sent[3].message.title.contains("超时升级"))
            #expect(Set(sent.map(\.deliveryID)).count == 4)
            #expect(try await h.store.windowAlerts(windowID: window.id).allSatisfy { $0.status == .sent })
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aRestartedSchedulerFiresNothingTwiceAndTheRestOnTime(_ backend: StoreBackend) async throws {
        try await withStore(backend) { fixture, opened in
            let h = try harness(opened)
            let window = try incident(hours: 5)
            _ = try await h.store.openWindow(window, alerts: try WindowAlertPlan().alerts(for: window, now: start), at: start)
            let first = h.make(h.store)
            let running = Task { try await first.run() }
            try await idle(h.clock, until: start.addingTimeInterval(9000))
            h.clock.advance(to: start.addingTimeInterval(9000))
            #expect(try await eventually { h.outbox.captured.count == 1 })
            try await idle(h.clock, until: start.addingTimeInterval(14_400))
            running.cancel()
            _ = await running.result

            // A new process on the same database: it reloads what is pending and fires only that.
            let reopened = try await fixture.open()
            let store = try #require(reopened.store as? any WindowAlertScheduler.Store)
            let second = h.make(store)
            let resumed = Task { try await second.run() }
            defer { resumed.cancel() }
            try await idle(h.clock, until: start.addingTimeInterval(14_400))
            #expect(h.outbox.captured.count == 1)
            h.clock.advance(to: start.addingTimeInterval(14_400))
            #expect(try await eventually { h.outbox.captured.count == 2 })
            // A response arrives: the deadline and breach alerts never fire.
            _ = try await store.closeWindow(ResponseWindowClosure(family: .incident, aggregateID: "yq-1",
                                                                  closedAt: start.addingTimeInterval(15_000), closingEventID: "r1"),
                                            at: start.addingTimeInterval(15_000))
            h.wakeup.signal()
            try await idle(h.clock, until: start.addingTimeInterval(14_400 + Self.cap))
            h.clock.advance(to: start.addingTimeInterval(20_000))
            try await idle(h.clock, until: start.addingTimeInterval(14_400 + Self.cap))
            #expect(h.outbox.captured.map(\.message.title).count == 2)
            try await reopened.store.close()
        }
    }

    @Test func rosterInheritsListByListAndEscalatesToOnDutyWhenThereIsNoEscalationList() throws {
        let roster = try OpsRoster([
            try RegionCode("340000"): .init(escalation: [.sms(try PhoneNumber("13900139000"))]),
            try RegionCode("340200"): .init(onDuty: [.wecomGroup(botKey: try WeComBotKey("wuhu-duty-bot-key"))]),
            try RegionCode("610000"): .init(onDuty: [.sms(try PhoneNumber("13700137000"))]),
        ], regions: reference.regions)
        #expect(roster.recipients(.onDuty, for: try RegionCode("340223")).map(\.id.rawValue) == ["ops-340200-on-duty-1"])
        #expect(roster.recipients(.escalation, for: try RegionCode("340223")).map(\.id.rawValue) == ["ops-340000-escalation-1"])
        #expect(roster.recipients(.escalation, for: try RegionCode("610000")).map(\.id.rawValue) == ["ops-610000-on-duty-1"])
        #expect(roster.recipients(.onDuty, for: try RegionCode("150623")).isEmpty)
        #expect(throws: OpsRoster.RosterError.self) {
            try OpsRoster([try RegionCode("999999"): .init(onDuty: [])], regions: reference.regions)
        }
    }
}
