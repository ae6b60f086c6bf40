import Foundation
import Testing

/// `bench pipeline` end to end on a small run: every notification delivered once, through the real roles,
/// with the figures as JSON on the last stdout line, and the command stopping by itself. Not a timed test.
@Suite struct BenchPipelineCommandTests {
    // It once aborted in about 1 run in 4 as the roles stopped (librdkafka 2.0.2, #4312: destroying a
    // never-assigned cooperative-sticky consumer); retry-tier consumers now use the range assignor.
    @Test
    func deliversEveryNotificationOnceAndReportsJSONLast() async throws {
        let result = try await GovPushBinary.run(["bench", "pipeline", "--subscribers", "3000", "--timeout", "240", "--sequential-store-ids"],
                                                 timeout: .seconds(300))
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
        // The store alone, in the same run: its ceiling is its rate over the bare rate.
        let storeRate = try #require(report["store_per_s"] as? Int)
        #expect(storeRate > 0)
        let ceiling = try #require(report["store_ceiling_ratio"] as? Double)
        #expect(abs(ceiling - Double(storeRate) / Double(try #require(report["bare_per_s"] as? Int))) < 0.01)
        // The store alone again with ids ascending in write order, as time-ordered ids would be.
        let sequentialRate = try #require(report["store_sequential_ids_per_s"] as? Int)
        #expect(sequentialRate > 0)
        let sequentialCeiling = try #require(report["store_sequential_ids_ceiling_ratio"] as? Double)
        #expect(abs(sequentialCeiling - Double(sequentialRate) / Double(try #require(report["bare_per_s"] as? Int))) < 0.01)
        // CPU time per message of each phase, for the process as a whole (the cluster runs in it).
        #expect((report["cores"] as? Int ?? 0) >= 1)
        for phase in ["bare_cpu_us", "store_cpu_us", "store_sequential_ids_cpu_us", "pipeline_cpu_us"] {
            #expect(((report[phase] as? NSNumber)?.doubleValue ?? 0) > 0, "\(phase)")
        }
    }

    @Test func refusesNonsense() async throws {
        let result = try await GovPushBinary.run(["bench", "pipeline", "--deliverers", "0"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--deliverers must be 1-16"))
    }
}
