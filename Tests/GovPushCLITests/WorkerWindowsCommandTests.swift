import Foundation
import GovPushTesting
import Testing

/// `govpush worker windows` refuses a bad window configuration with a clear message, before touching Kafka.
@Suite struct WorkerWindowsCommandTests {
    @Test(arguments: [
        (#""roster": {"999999": {"onDuty": [{"kind": "sms", "phone": "13800138000"}]}}"#, "ops roster: region 999999"),
        (#""alertFractions": [0.5, 1.5]"#, "alert fractions must lie strictly between 0 and 1"),
        (#""roster": {"340200": {"onDuty": [{"kind": "sms", "phone": "12345"}]}}"#, "phone"),
    ])
    func refusesABadWindowConfiguration(_ windows: String, _ message: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-windows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("govpush.json")
        try Data("""
            {"kafka": {"bootstrap": "127.0.0.1:9"}, "store": {"url": "sqlite:\(directory.path)/govpush.sqlite"}, "windows": {\(windows)}}
            """.utf8).write(to: config)
        let result = try await GovPushBinary.run(["worker", "windows", "--config", config.path], timeout: .seconds(60))
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "stderr: \(result.errors)")
    }
}
