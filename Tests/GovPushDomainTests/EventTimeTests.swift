import Foundation
import Testing
@testable import GovPushDomain

/// RFC 3339 timestamps (CloudEvents `time`, incident times) and policy calendar days.
@Suite struct EventTimeTests {
    @Test(arguments: [
        ("2026-11-21T08:30:00+08:00", 1_795_221_000.0), ("2026-11-21T00:30:00Z", 1_795_221_000.0),
        ("2026-11-21t00:30:00z", 1_795_221_000.0), ("2026-11-21T00:30:00.250Z", 1_795_221_000.25),
        ("1970-01-01T00:00:00-01:30", 5_400.0), ("2024-02-29T23:59:60Z", 1_709_251_199.0),
    ])
    func parsesRFC3339(_ text: String, _ seconds: Double) {
        #expect(RFC3339Timestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["2026-11-21", "2026-11-21T08:30:00", "2026-11-21T08:30Z", "2026-11-31T00:00:00Z", "2026-11-21T24:00:00Z",
                      "2026-11-21T08:30:00+0800", "2026-11-21T08:30:00.Z", "2026-11-21T08:30:00Zjunk", "２０２６-11-21T08:30:00Z", ""])
    func refusesWhatIsNotRFC3339(_ text: String) {
        #expect(RFC3339Timestamp.parse(text) == nil)
    }

    @Test func formatsInUTCAndRoundTrips() {
        let date = Date(timeIntervalSince1970: 1_795_221_000)
        #expect(RFC3339Timestamp.format(date) == "2026-11-21T00:30:00Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: 1_795_221_000.5)) == "2026-11-21T00:30:00.500Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(RFC3339Timestamp.parse(RFC3339Timestamp.format(date)) == date)
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: .infinity)) == "1970-01-01T00:00:00Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59Z")
    }
}
