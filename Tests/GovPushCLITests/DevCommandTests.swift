import Foundation
import GovPushTesting
import Testing

/// `govpush dev --demo` as a new user runs it: everything starts, the demo's notifications reach the
/// sandbox, health answers, and Ctrl-C stops it cleanly.
@Suite struct DevCommandTests {
    @Test func demoDeliversToTheSandboxAndStopsOnSIGINT() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-dev-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try #require(FreePort.loopback())
        let dev = try BackgroundProcess(GovPushBinary.url, ["dev", "--demo", "--port", "\(port)", "--store", directory.appendingPathComponent("dev.sqlite").path])
        #expect(try await dev.firstLine() == "GovPush dev is running (Ctrl-C stops it)")
        let finished = try await eventually(timeout: .seconds(90)) { dev.stdout.contains("demo: the sandbox captured") }
        #expect(finished, "stdout: \(dev.stdout)\nstderr: \(dev.stderr.suffix(2000))")
        #expect(dev.stdout.contains("demo: the sandbox captured 12 notifications"))
        #expect(dev.stdout.contains("[wecom-group] otog-front-banner-village-group"))
        #expect(dev.stdout.contains("138****0002"), "addresses appear masked")
        #expect(!dev.stdout.contains("13800000002"), "no phone number in clear")

        let health = try ChildProcess(searching: ["curl"]).run(["-s", "http://127.0.0.1:\(port)/healthz"])
        #expect(health.output == "ok\n")
        let sandbox = try ChildProcess(searching: ["curl"]).run(["-s", "http://127.0.0.1:\(port)/v1/sandbox?limit=20"])
        let entries = try JSONSerialization.jsonObject(with: sandbox.stdout) as? [[String: Any]]
        #expect(entries?.count == 12)

        dev.signal(SIGINT)
        #expect(try await dev.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test func refusesBadFlags() async throws {
        let result = try await GovPushBinary.run(["dev", "--port", "0"])
        #expect(result.status != 0 && result.errors.contains("--port must be 1-65535"))
    }
}
