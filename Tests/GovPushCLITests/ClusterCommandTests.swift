import Foundation
import GovPushTesting
import Testing

@Suite struct ClusterCommandTests {
    @Test func printsBootstrapServesGovPushTopicsAndStopsOnSIGTERM() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let cluster = try BackgroundProcess(GovPushBinary.url, ["cluster", "--brokers", "2", "--bootstrap-file", file.path, "--event-partitions", "4"])
        let bootstrap = try await cluster.firstLine()
        #expect(bootstrap.split(separator: ",").count == 2)
        #expect(bootstrap.split(separator: ",").allSatisfy { $0.hasPrefix("127.0.0.1:") })
        #expect(try String(contentsOf: file, encoding: .utf8) == bootstrap + "\n")

        let metadata = String(decoding: try Kcat().run(["-L", "-b", bootstrap]), as: UTF8.self)
        #expect(metadata.contains("2 brokers"))
        #expect(metadata.contains("topic \"govpush.events\" with 4 partitions"))
        for topic in ["govpush.deliveries.sms", "govpush.deliveries.wecom-group", "govpush.deliveries.app.retry-1", "govpush.dlq", "govpush.delivery-status", "govpush.subscribers"] {
            #expect(metadata.contains("topic \"\(topic)\""), "missing \(topic)")
        }
        cluster.signal(SIGTERM)
        #expect(try await cluster.waitForExit() == 0)
    }

    @Test func refusesABadBrokerCount() async throws {
        let result = try await GovPushBinary.run(["cluster", "--brokers", "0"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--brokers must be between 1 and 32, got 0"))
    }

    @Test func topicsCreateExplainsTheEmbeddedClusterAndFailsOnBadInput() async throws {
        let cluster = try BackgroundProcess(GovPushBinary.url, ["cluster", "--brokers", "1"])
        let bootstrap = try await cluster.firstLine()
        let result = try await GovPushBinary.run(["topics", "create", "--bootstrap", bootstrap, "--timeout", "2"])
        #expect(result.status != 0)
        #expect(result.errors.contains("creates GovPush's topics itself"))
        cluster.signal(SIGINT)
        #expect(try await cluster.waitForExit() == 0)

        let unreachable = try await GovPushBinary.run(["topics", "create", "--bootstrap", "127.0.0.1:1", "--timeout", "2"])
        #expect(unreachable.status != 0)
        #expect(unreachable.errors.contains("cannot reach Kafka at 127.0.0.1:1"))
        let badConfig = try await GovPushBinary.run(["topics", "create", "--bootstrap", "127.0.0.1:1", "--config", "nonsense"])
        #expect(badConfig.status != 0)
        #expect(badConfig.errors.contains("--config nonsense: expected NAME=VALUE"))
    }
}
