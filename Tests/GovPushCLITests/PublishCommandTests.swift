import Foundation
import GovPushTesting
import Testing

@Suite struct PublishCommandTests {
    @Test func publishesAValidEventThatKcatCanRead() async throws {
        let cluster = try BackgroundProcess(GovPushBinary.url, ["cluster", "--brokers", "1"])
        let bootstrap = try await cluster.firstLine()
        let example = RepositoryFiles.url("docs/schemas/examples/service-progress-nanling.json").path
        let result = try await GovPushBinary.run(["publish", "service-progress", "--file", example, "--bootstrap", bootstrap])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("published cn.gov.disclosure.service.progress id="))

        let read = String(decoding: try Kcat().run(["-C", "-b", bootstrap, "-t", "govpush.events", "-o", "beginning", "-e", "-q", "-f", "%h\\n"]), as: UTF8.self)
        #expect(read.contains("ce_type=cn.gov.disclosure.service.progress"))
        cluster.signal(SIGTERM)
        _ = try await cluster.waitForExit()
    }

    @Test func refusesAnInvalidEventFromStdinWithoutTouchingKafka() async throws {
        let bad = Data(#"{"policyId":"p1","title":"t","disclosureAttribute":"不予公开"}"#.utf8)
        // Nothing listens on 127.0.0.1:1: a refusal must come before any connection attempt.
        let result = try await GovPushBinary.run(["publish", "policy", "--file", "-", "--bootstrap", "127.0.0.1:1"], input: bad)
        #expect(result.status == 2)
        #expect(result.errors.contains("data.disclosureAttribute"))
        #expect(result.errors.contains("data.documentNumber"))
        #expect(!result.errors.contains("cannot reach Kafka"))
    }

    @Test func explainsMissingFilesKindsAndClusters() async throws {
        let missing = try await GovPushBinary.run(["publish", "policy", "--file", "/nonexistent/event.json", "--bootstrap", "127.0.0.1:1"])
        #expect(missing.status != 0 && missing.errors.contains("cannot read --file /nonexistent/event.json"))
        let kind = try await GovPushBinary.run(["publish", "memo", "--file", "-"])
        #expect(kind.status != 0 && kind.errors.contains("memo"))
        let example = RepositoryFiles.url("docs/schemas/examples/policy-published-wuhu.json").path
        let noCluster = try await GovPushBinary.run(["publish", "policy", "--file", example])
        #expect(noCluster.status != 0 && noCluster.errors.contains("GOVPUSH_KAFKA_BOOTSTRAP"))
    }
}
