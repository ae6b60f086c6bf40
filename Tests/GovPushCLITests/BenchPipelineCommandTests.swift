import Foundation
import Testing

/// `bench pipeline` end to end on a small run: every notification delivered once, through the real roles,
/// with the figures as JSON on the last stdout line, and the command stopping by itself. Not a timed test.
@Suite struct BenchPipelineCommandTests {
    // Aborts in about 1 run in 4, after printing a correct report: librdkafka 2.0.2 asserts in
    // rd_kafka_sticky_assignor_state_destroy when the roles stop (librdkafka #4312, fixed in 2.3). Pre-existing;
    // left visible here as disabled, with the figures it checks, until the shutdown is fixed (issue #4 note).
    @Test
    func deliversEveryNotificationOnceAndReportsJSONLast() async throws {
        let result = try await GovPushBinary.run(["bench", "pipeline", "--subscribers", "3000", "--timeout", "240"], timeout: .seconds(300))
        #expect(result.status == 0, "\(result.errors)")
        let last = try #require(result.lines.last)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(report["subscribers"] as? Int == 3000)
        #expect(report["delivered"] as? Int == 3000)
        #expect(report["duplicates"] as? Int == 0)
        #expect(report["lost"] as? Int == 0)
        #expect((report["notifications_per_s"] as? Int ?? 0) > 0)
        #expect((report["bare_per_s"] as? Int ?? 0) > 0)
        #expect((report["ratio"] as? Double ?? 0) > 0)
        #expect((report["peak_rss_bytes"] as? Int ?? 0) > 0)
    }

    @Test func refusesNonsense() async throws {
        let result = try await GovPushBinary.run(["bench", "pipeline", "--deliverers", "0"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--deliverers must be 1-16"))
    }
}
