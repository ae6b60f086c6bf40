import Foundation

/// Instants as the SQLite store keeps them: whole microseconds since 1970 (PostgreSQL's `timestamptz`
/// precision), so both backends round-trip the same values and compare leases with integer arithmetic.
enum StoreTime {
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
