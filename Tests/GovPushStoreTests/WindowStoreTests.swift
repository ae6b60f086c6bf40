import Foundation
import GovPushDomain
import GovPushStore
import GovPushTesting
import Testing

/// Windows and alerts in both stores: idempotent opening, out-of-order closing, alert claims.
@Suite struct WindowStoreTests {
    let opened = Date(timeIntervalSince1970: 1_759_975_200)  // 2025-10-09 10:00 +08:00

    func window(_ id: String = "yq-1", hours: Double = 5) throws -> ResponseWindow {
        ResponseWindow(kind: .majorIncident, aggregateID: id, region: try RegionCode("340223"), domains: [try DomainID("work-safety")],
                       subject: "某镇道路塌陷", openedAt: opened, dueAt: opened.addingTimeInterval(hours * 3600), openingEventID: "open-\(id)")
    }

    func windows(_ opened: OpenedStore) throws -> any WindowStore { try #require(opened.store as? any WindowStore) }

    @Test(arguments: StoreBackend.allCases)
    func openingIsIdempotentPerWindow(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = try windows(opened)
            let window = try window()
            let alerts = try WindowAlertPlan().alerts(for: window, now: self.opened)
            #expect(try await store.openWindow(window, alerts: alerts, at: self.opened) == .opened(window))
            // A replayed report, even with another severity, changes nothing.
            var again = window
            again.kind = .otherIncident
            #expect(try await store.openWindow(again, alerts: alerts, at: self.opened) == .existing(window))
            #expect(try await opened.scalarInt("SELECT count(*) FROM response_windows") == 1)
            #expect(try await store.windowAlerts(windowID: window.id).map(\.name) == ["warning-50", "warning-80", "deadline", "breach"])
            #expect(try await store.window(id: window.id) == window)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aCloseBeforeItsOpenClosesTheWindowWhenItOpens(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = try windows(opened)
            let window = try window()
            let closure = ResponseWindowClosure(family: .incident, aggregateID: "yq-1", closedAt: self.opened.addingTimeInterval(3600),
                                                closingEventID: "resp-1")
            #expect(try await store.closeWindow(closure, at: self.opened) == .remembered)
            var closed = window
            closed.closedAt = closure.closedAt
            closed.closingEventID = "resp-1"
            let result = try await store.openWindow(window, alerts: try WindowAlertPlan().alerts(for: window, now: self.opened), at: self.opened)
            #expect(result == .openedAlreadyClosed(closed))
            #expect(try await store.windowAlerts(windowID: window.id).isEmpty)  // nothing will fire
            #expect(try await store.windowCounts(now: self.opened) == [.open: 0, .breached: 0, .closed: 1])
            #expect(try await store.closeWindow(closure, at: self.opened) == .alreadyClosed(closed))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func closingCancelsUnsentAlerts(_ backend: StoreBackend) async throws {
        try await withStore(backend) { _, opened in
            let store = try windows(opened)
            let window = try window()
            _ = try await store.openWindow(window, alerts: try WindowAlertPlan().alerts(for: window, now: self.opened), at: self.opened)
            let half = self.opened.addingTimeInterval(2.5 * 3600)
            let claimed = try await store.claimDueAlerts(now: half, by: "w1", lease: .seconds(30), limit: 10)
            #expect(claimed.map(\.alert.name) == ["warning-50"])
            #expect(try await store.markAlertSent(claimed[0].alert.id, by: "w1", at: half))
            let closure = ResponseWindowClosure(family: .incident, aggregateID: "yq-1", closedAt: half.addingTimeInterval(60),
                                                closingEventID: "resp-1")
            guard case .closed(let closed, let cancelled) = try await store.closeWindow(closure, at: half) else {
                Issue.record("the window did not close")
                return
            }
            #expect(cancelled == 3)
            #expect(closed.closedAt == closure.closedAt)
            #expect(try await store.windowAlerts(windowID: window.id).map(\.status) == [.sent, .cancelled, .cancelled, .cancelled])
            #expect(try await store.claimDueAlerts(now: self.opened.addingTimeInterval(86_400), by: "w1", lease: .seconds(30), limit: 10).isEmpty)
            #expect(try await store.nextAlertWakeup() == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func alertClaimsAreExclusiveUntilTheLeaseEnds(_ backend: StoreBackend) async throws {
        try await withStore(backend) { fixture, opened in
            let store = try windows(opened)
            let other = try await fixture.open()
            let otherStore = try windows(other)
            let window = try window()
            _ = try await store.openWindow(window, alerts: try WindowAlertPlan().alerts(for: window, now: self.opened), at: self.opened)
            #expect(try await store.nextAlertWakeup() == self.opened.addingTimeInterval(2.5 * 3600))
            let half = self.opened.addingTimeInterval(2.5 * 3600)
            #expect(try await store.claimDueAlerts(now: half.addingTimeInterval(-0.001), by: "w1", lease: .seconds(30), limit: 10).isEmpty)
            #expect(try await store.claimDueAlerts(now: half, by: "w1", lease: .seconds(30), limit: 10).count == 1)
            // Held by w1: the other process gets nothing, and cannot mark it.
            #expect(try await otherStore.claimDueAlerts(now: half.addingTimeInterval(10), by: "w2", lease: .seconds(30), limit: 10).isEmpty)
            #expect(try await otherStore.markAlertSent("incident:yq-1#warning-50", by: "w2", at: half) == false)
            #expect(try await store.nextAlertWakeup() == half.addingTimeInterval(30))
            // w1 died: after the lease, w2 takes it over; w1's late mark is refused.
            let takeover = try await otherStore.claimDueAlerts(now: half.addingTimeInterval(30), by: "w2", lease: .seconds(30), limit: 10)
            #expect(takeover.map(\.alert.id) == ["incident:yq-1#warning-50"])
            #expect(takeover.first?.alert.attempts == 2)
            #expect(takeover.first?.window == window)
            #expect(try await store.markAlertSent("incident:yq-1#warning-50", by: "w1", at: half) == false)
            #expect(try await otherStore.markAlertSent("incident:yq-1#warning-50", by: "w2", at: half.addingTimeInterval(31)))
            #expect(try await store.nextAlertWakeup() == self.opened.addingTimeInterval(4 * 3600))
            try await other.store.close()
        }
    }
}
