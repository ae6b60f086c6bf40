import Foundation
import Testing

/// The bench's contract (figures as JSON on the last stdout line), on a small run. Not a timed test.
@Suite struct BenchProduceCommandTests {
    @Test func lastLineIsTheJSONReport() async throws {
        let result = try await GovPushBinary.run(["bench", "produce", "--messages", "5000", "--size", "64", "--rounds", "1", "--partitions", "2"])
        #expect(result.status == 0, "\(result.errors)")
        let last = try #require(result.lines.last)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(report["messages"] as? Int == 5000)
        #expect((report["swift_msgs_per_s"] as? Int ?? 0) > 0)
        #expect((report["kcat_msgs_per_s"] as? Int ?? 0) > 0)
        #expect((report["ratio"] as? Double ?? 0) > 0)
    }

    @Test func refusesNonsense() async throws {
        let result = try await GovPushBinary.run(["bench", "produce", "--messages", "0"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--messages must be positive"))
    }
}
