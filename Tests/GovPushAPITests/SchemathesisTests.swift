import Foundation
import GovPushAPI
import GovPushTesting
import HummingbirdTesting
import Testing

/// Schemathesis (PyPI, installed by deploy/setup-debian.sh) fuzzes the served OpenAPI document against the
/// live API, each request signed by Tests/schemathesis/signing_hooks.py: no 5xx, no response outside the
/// documented schemas. Bounded: a few examples per operation, a time budget.
@Suite struct SchemathesisTests {
    @Test func theAPIConformsToItsOpenAPIDocumentUnderFuzzing() async throws {
        // A generous rate limit: the fuzzer should reach the handlers, not the limiter (tested elsewhere).
        let harness = try await APIHarness.start { $0.requestsPerSecond = 10_000; $0.burst = 10_000 }
        try await harness.application().test(.live) { client in
            let port = try #require(client.port)
            let hooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemathesis")
            var environment = ProcessInfo.processInfo.environment
            environment["GOVPUSH_KEY"] = harness.tenant.id
            environment["GOVPUSH_SECRET"] = String(decoding: harness.tenant.secret, as: UTF8.self)
            environment["SCHEMATHESIS_HOOKS"] = "signing_hooks"
            environment["PYTHONPATH"] = hooks.path
            let runEnvironment = environment
            // Waiting for the run on a thread of its own keeps Swift's cooperative threads free for the server.
            let result = try await withCheckedThrowingContinuation { continuation in
                Thread {
                    continuation.resume(with: Result { try SchemathesisRun.run(url: "http://127.0.0.1:\(port)/v1/openapi.json", environment: runEnvironment) })
                }.start()
            }
            #expect(result.status == 0, "schemathesis found problems:\n\(result.output.suffix(6000))\n\(result.errors.suffix(2000))")
        }
        try await harness.stop()
    }
}

/// One `schemathesis run` with the environment it needs (ChildProcess passes the parent's).
enum SchemathesisRun {
    static func run(url: String, environment: [String: String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "schemathesis.cli", "run", url,
                             "--checks", "not_a_server_error,response_schema_conformance",
                             "--max-examples", "8", "--max-time", "60", "--workers", "1", "--phases", "examples,coverage,fuzzing",
                             "--generation-deterministic"]
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errors = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errors = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
