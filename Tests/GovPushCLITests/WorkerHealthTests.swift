import Foundation
import GovPushKafka
import GovPushMessaging
import GovPushTesting
import Testing

/// `govpush worker … --health-port`: /healthz while alive; /readyz only when Kafka and the store answer
/// and the consumer group has assigned partitions. Real worker processes against the embedded cluster.
@Suite(.serialized) struct WorkerHealthTests {
    static func cluster() throws -> EmbeddedKafkaCluster {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        var layout = GovPushTopics()
        layout.replicationFactor = 1
        for spec in layout.specs { try cluster.createTopic(spec) }
        return cluster
    }

    /// Status code and body of a GET on 127.0.0.1.
    static func get(_ port: Int, _ path: String) throws -> (status: Int, body: String) {
        let result = try ChildProcess(searching: ["curl"]).run(["-s", "-m", "5", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)\(path)"])
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A throw-away data key ring: workers refuse to start without one.
    static let dataKeys = "test=" + Data((0..<32).map { UInt8($0) }).base64EncodedString()

    static func worker(_ arguments: [String], environment: [String: String]) throws -> BackgroundProcess {
        let environment = environment.merging(["GOVPUSH_DATA_KEYS": dataKeys]) { given, _ in given }
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return try BackgroundProcess(URL(fileURLWithPath: "/usr/bin/env"), assignments + [GovPushBinary.url.path] + arguments)
    }

    /// A TCP relay to PostgreSQL that the test can cut: killing it makes the store unreachable for the
    /// worker (its pooled connections drop and new ones are refused) while the database itself stays up.
    static func postgresRelay() async throws -> (relay: BackgroundProcess, url: String) {
        let script = """
            import asyncio, sys
            async def pipe(reader, writer):
                try:
                    while data := await reader.read(65536):
                        writer.write(data)
                        await writer.drain()
                finally:
                    writer.close()
            async def handle(client_reader, client_writer):
                try:
                    server_reader, server_writer = await asyncio.open_connection(sys.argv[1], int(sys.argv[2]))
                except OSError:
                    client_writer.close()
                    return
                await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer), return_exceptions=True)
            async def main():
                server = await asyncio.start_server(handle, '127.0.0.1', 0)
                print(server.sockets[0].getsockname()[1], flush=True)
                await server.serve_forever()
            asyncio.run(main())
            """
        var target = try #require(URLComponents(string: StoreBackend.postgresURL))
        let python = try ChildProcess(searching: ["python3"]).executable
        let relay = try BackgroundProcess(python, ["-c", script, target.host ?? "127.0.0.1", String(target.port ?? 5432)])
        let port = try #require(Int(try await relay.firstLine()))
        target.port = port
        target.queryItems = (target.queryItems ?? []) + [URLQueryItem(name: "schema", value: "govpush_health_\(UUID().uuidString.prefix(8).lowercased())")]
        return (relay, try #require(target.string))
    }

    @Test func dispatcherIsReadyOnceAssignedAndNotReadyWhenTheStoreIsUnreachable() async throws {
        let cluster = try Self.cluster()
        let (relay, storeURL) = try await Self.postgresRelay()
        let port = try #require(FreePort.loopback())
        let worker = try Self.worker(["worker", "dispatch", "--health-port", "\(port)"], environment: [
            "GOVPUSH_KAFKA_BOOTSTRAP": cluster.bootstrapServers,
            "GOVPUSH_STORE_URL": storeURL,
        ])

        let ready = try await eventually(timeout: .seconds(60), every: .milliseconds(200)) { (try? Self.get(port, "/readyz"))?.status == 200 }
        #expect(ready, "stderr: \(worker.stderr.suffix(3000)); relay: \(relay.stderr)")
        let report = try Self.get(port, "/readyz")
        let checks = try JSONSerialization.jsonObject(with: Data(report.body.utf8)) as? [String: Any]
        #expect(checks?["assigned"] as? Bool == true)
        #expect(checks?["kafka"] as? String == "ok")
        #expect(checks?["store"] as? String == "ok")
        let health = try Self.get(port, "/healthz")
        #expect(health.status == 200 && health.body == "ok")

        relay.signal(SIGKILL)
        var notReady = (status: 0, body: "")
        let failed = try await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
            notReady = (try? Self.get(port, "/readyz")) ?? (0, "")
            return notReady.status == 503
        }
        #expect(failed, "last answer: \(notReady)")
        let failedChecks = try JSONSerialization.jsonObject(with: Data(notReady.body.utf8)) as? [String: Any]
        #expect((failedChecks?["store"] as? String)?.hasPrefix("unreachable") == true, "\(notReady.body)")
        #expect(failedChecks?["kafka"] as? String == "ok")
        #expect(try Self.get(port, "/healthz").status == 200, "alive though not ready: no restart for a database outage")
        #expect(!notReady.body.contains("govpush:govpush@"), "no credentials in the probe's answer")

        worker.signal(SIGTERM)
        _ = try await worker.waitForExit(timeout: .seconds(30))
        withExtendedLifetime(cluster) {}
    }

    @Test func delivererServesHealthFromTheConfigurationAndRefusesABadPort() async throws {
        let cluster = try Self.cluster()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-health-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try #require(FreePort.loopback())
        let worker = try Self.worker(["worker", "deliver", "--channel", "app"], environment: [
            "GOVPUSH_KAFKA_BOOTSTRAP": cluster.bootstrapServers,
            "GOVPUSH_STORE_URL": "sqlite:" + directory.appendingPathComponent("store.sqlite").path,
            "GOVPUSH_HEALTH_PORT": "\(port)",
            "GOVPUSH_HEALTH_HOST": "127.0.0.1",
        ])
        let ready = try await eventually(timeout: .seconds(60), every: .milliseconds(200)) { (try? Self.get(port, "/readyz"))?.status == 200 }
        #expect(ready, "stderr: \(worker.stderr.suffix(3000))")
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0)

        let bad = try await GovPushBinary.run(["worker", "dispatch", "--health-port", "0"])
        #expect(bad.status != 0 && bad.errors.contains("--health-port must be 1-65535"))
        withExtendedLifetime(cluster) {}
    }
}
