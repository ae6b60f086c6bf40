import Foundation
import GovPushTesting
import Testing

/// `govpush config check`: the effective settings with secrets masked, and typos refused.
@Suite struct ConfigCheckCommandTests {
    private func file(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-config-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url
    }

    @Test func printsEffectiveSettingsWithSecretsMasked() throws {
        let config = try file(#"{"kafka": {"properties": {"sasl.password": "kafka-pw-123"}}, "channels": {"rateLimits": {"sms": {"perSecond": 5, "burst": 10}}}}"#)
        defer { try? FileManager.default.removeItem(at: config) }
        let result = try DeployFiles.govpush(["config", "check", "--config", config.path], environment: [
            "GOVPUSH_STORE_URL": "postgres://govpush:db-pw-456@db.internal:5432/govpush",
            "GOVPUSH_APP_WEBHOOK_SECRET": "hook-secret-789",
            "GOVPUSH_KAFKA_BOOTSTRAP": "kafka-1:9092",
            "GOVPUSH_HEALTH_PORT": "8081",
            "GOVPUSH_TEST_POSTGRES_URL": "ignored: belongs to the test suite",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let lines = Set(result.lines)
        #expect(lines.contains("kafka.bootstrap = kafka-1:9092"))
        #expect(lines.contains("store.url = postgres://govpush:****@db.internal:5432/govpush"))
        #expect(lines.contains("channels.app.secret = ****"))
        #expect(lines.contains("kafka.properties.sasl.password = ****"))
        #expect(lines.contains("channels.rateLimits.sms.burst = 10"))
        #expect(lines.contains("health.port = 8081"))
        #expect(result.lines.last == "# configuration ok")
        for secret in ["kafka-pw-123", "db-pw-456", "hook-secret-789"] {
            #expect(!result.output.contains(secret) && !result.errors.contains(secret), "\(secret) never printed")
        }
    }

    @Test func refusesUnknownVariablesAndFileKeysNamingTheLikelyOne() throws {
        let config = try file(#"{"store": {"url": "sqlite:/tmp/x.sqlite"}, "helth": {"port": 8081}, "http": {"prot": 1}}"#)
        defer { try? FileManager.default.removeItem(at: config) }
        let result = try DeployFiles.govpush(["config", "check", "--config", config.path], environment: [
            "GOVPUSH_STORE_ULR": "postgres://govpush@db/govpush",
            "GOVPUSH_NONSENSE_SETTING": "1",
        ])
        #expect(result.status != 0)
        #expect(result.errors.contains("unknown environment variable GOVPUSH_STORE_ULR (did you mean GOVPUSH_STORE_URL?)"), "\(result.errors)")
        #expect(result.errors.contains("unknown environment variable GOVPUSH_NONSENSE_SETTING"))
        #expect(result.errors.contains("unknown key helth in"))
        #expect(result.errors.contains("unknown key http.prot in"))
        #expect(result.output.isEmpty, "nothing printed as if it were fine")
    }

    @Test func refusesBadValuesWithTheKey() throws {
        let badPort = try DeployFiles.govpush(["config", "check"], environment: ["GOVPUSH_HEALTH_PORT": "70000"])
        #expect(badPort.status != 0 && badPort.errors.contains("health.port must be 1-65535, got 70000"), "\(badPort.errors)")
        let notJSON = try file("{ not json")
        defer { try? FileManager.default.removeItem(at: notJSON) }
        let broken = try DeployFiles.govpush(["config", "check", "--config", notJSON.path], environment: [:])
        #expect(broken.status != 0 && broken.errors.contains("not valid JSON"), "\(broken.errors)")
    }

    /// A file names only what it changes: the sections it leaves out keep their defaults.
    @Test func aFileWithOneSectionLoads() throws {
        let config = try file(#"{"channels": {"mode": "live"}}"#)
        defer { try? FileManager.default.removeItem(at: config) }
        let result = try DeployFiles.govpush(["config", "check", "--config", config.path], environment: [:])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.lines.contains("channels.mode = live"))
    }

    @Test func topicsListFollowsTheLayoutOptions() async throws {
        let result = try await GovPushBinary.run(["topics", "list", "--json", "--delivery-partitions", "24", "--config", "min.insync.replicas=2"])
        #expect(result.status == 0, "\(result.errors)")
        let topics = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] ?? []
        let sms = topics.first { $0["name"] as? String == "govpush.deliveries.sms" }
        #expect(sms?["partitions"] as? Int == 24)
        #expect((sms?["configs"] as? [String: String])?["min.insync.replicas"] == "2")
        let text = try await GovPushBinary.run(["topics", "list"])
        #expect(text.lines.contains("govpush.subscribers\tpartitions=6\treplication=3\tcleanup.policy=compact"))
    }
}
