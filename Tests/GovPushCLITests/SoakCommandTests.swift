import Foundation
import GovPushTesting
import Testing

/// `govpush soak`, short: 2 dispatcher and 2 deliverer processes against the embedded cluster; one of each
/// is SIGKILLed mid-stream and restarted, and a broker goes down and comes back. Every notification must
/// reach the receiver under its own delivery id, none lost, and be reported on the status topic, on each store.
@Suite struct SoakCommandTests {
    @Test(arguments: StoreBackend.allCases)
    func workersKilledMidBatchAndABrokerOutageLoseAndDuplicateNothing(_ backend: StoreBackend) async throws {
        var arguments = ["soak", "--notifications", "2000", "--events", "4", "--timeout", "300"]
        if backend == .postgres { arguments += ["--store", StoreBackend.postgresURL] }
        let result = try await GovPushBinary.run(arguments, timeout: .seconds(420))
        #expect(result.status == 0, "\(result.errors.suffix(4000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data((result.lines.last ?? "").utf8)) as? [String: Any],
                                  "last line: \(result.lines.last ?? "")")
        #expect(report["expected"] as? Int == 2000)
        #expect(report["delivered"] as? Int == 2000)
        #expect(report["lost"] as? Int == 0)
        #expect(report["duplicates"] as? Int == 0)
        #expect(report["bad_signatures"] as? Int == 0)
        #expect(report["statuses_missing"] as? Int == 0)
        #expect(report["kills"] as? Int == 2)
        #expect(report["broker_outages"] as? Int == 1)
    }

    @Test func refusesBadArguments() async throws {
        let result = try await GovPushBinary.run(["soak", "--notifications", "10", "--events", "3"])
        #expect(result.status != 0 && result.errors.contains("multiple of --events"))
    }
}
