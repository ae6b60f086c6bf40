import Foundation
import GovPushDashboard
import GovPushDomain
import GovPushStore
import GovPushTesting
import Hummingbird
import NIOCore
import Synchronization
import Testing

/// The dashboard in a real browser: Debian's headless Chromium loads it from a local server, runs its
/// script, and the DOM shows the open incident with a live countdown; the screenshot is a PNG.
@Suite struct DashboardBrowserTests {
    let reference = try! ReferenceCatalogs.bundled()

    @Test func headlessChromiumShowsTheOpenIncidentWithItsCountdown() async throws {
        let chromium = URL(fileURLWithPath: "/usr/bin/chromium")
        #expect(FileManager.default.isExecutableFile(atPath: chromium.path), "install Debian's chromium: bash deploy/setup-debian.sh")
        try await withStore(.sqlite) { _, opened in
            let store = try #require(opened.store as? any OpsRoutes.Store)
            let now = Date()
            _ = try await store.openWindow(ResponseWindow(
                kind: .majorIncident, aggregateID: "yq-browser", region: try RegionCode("340223"), domains: [try DomainID("work-safety")],
                subject: "南陵县某镇道路塌陷", openedAt: now.addingTimeInterval(-60), dueAt: now.addingTimeInterval(5 * 3600 - 60),
                openingEventID: "e1"), alerts: [], at: now)
            let router = Router()
            OpsRoutes.add(to: router, store: store, reference: reference, metrics: nil)
            let port = PortBox()
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in port.set(channel.localAddress?.port) })
            let server = Task { try await app.runService(gracefulShutdownSignals: []) }
            defer { server.cancel() }
            #expect(try await eventually { port.value != nil })
            let url = "http://127.0.0.1:\(port.value ?? 0)/dashboard"

            let dom = try ChildProcess(chromium).run(
                ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000", "--dump-dom", url], timeout: .seconds(90))
            #expect(dom.status == 0, "chromium: \(dom.errors)")
            #expect(dom.output.contains("data-countdown=\"live\""))  // the script ran
            #expect(dom.output.contains("南陵县某镇道路塌陷"))
            #expect(dom.output.range(of: #"剩余 4:5[0-9]:[0-5][0-9]"#, options: .regularExpression) != nil)
            #expect(dom.output.contains("class=\"ok\""))

            let shot = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-dashboard-\(UUID().uuidString).png")
            let screenshot = try ChildProcess(chromium).run(
                ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000", "--screenshot=\(shot.path)",
                 "--window-size=1280,900", url], timeout: .seconds(90))
            #expect(screenshot.status == 0, "chromium: \(screenshot.errors)")
            let png = try Data(contentsOf: shot)
            #expect(png.count > 1000)
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // Kept for people to look at (GOVPUSH_DASHBOARD_SCREENSHOT names where).
            if let keep = ProcessInfo.processInfo.environment["GOVPUSH_DASHBOARD_SCREENSHOT"] {
                try? FileManager.default.removeItem(atPath: keep)
                try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
            }
            try? FileManager.default.removeItem(at: shot)
        }
    }
}

/// The port the server bound, set from its start-up callback.
final class PortBox: Sendable {
    private let port = Mutex<Int?>(nil)
    func set(_ value: Int?) { port.withLock { $0 = value } }
    var value: Int? { port.withLock { $0 } }
}
