/// The daily period in which non-urgent notices (e.g. SMS about a new policy) are held back, as minutes of
/// the day in Asia/Shanghai (UTC+8, no DST). Wraps midnight when `startMinute > endMinute`; the default is
/// 21:00–08:00 (DESIGN.md "Failures"). Incident and service-progress notices are urgent and ignore it.
public struct QuietHours: Hashable, Sendable, Codable, CustomStringConvertible {
    /// First quiet minute of the day, 0..<1440.
    public let startMinute: Int
    /// First minute after the quiet period, 0..<1440; must differ from `startMinute`.
    public let endMinute: Int

    public static let minutesPerDay = 1440
    public static let `default` = try! QuietHours(startMinute: 21 * 60, endMinute: 8 * 60)

    public init(startMinute: Int, endMinute: Int) throws(SubscriberValidationError) {
        guard (0..<Self.minutesPerDay).contains(startMinute) else {
            throw SubscriberValidationError(field: "startMinute", reason: "must be in 0..<1440, got \(startMinute)")
        }
        guard (0..<Self.minutesPerDay).contains(endMinute) else {
            throw SubscriberValidationError(field: "endMinute", reason: "must be in 0..<1440, got \(endMinute)")
        }
        guard startMinute != endMinute else {
            throw SubscriberValidationError(field: "endMinute", reason: "must differ from startMinute (omit quiet hours instead)")
        }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Whether `minuteOfDay` (Asia/Shanghai local time) falls in the quiet period.
    public func contains(minuteOfDay: Int) -> Bool {
        startMinute < endMinute
            ? (startMinute..<endMinute).contains(minuteOfDay)
            : minuteOfDay >= startMinute || minuteOfDay < endMinute
    }

    enum CodingKeys: String, CodingKey { case startMinute, endMinute }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(startMinute: c.decode(Int.self, forKey: .startMinute), endMinute: c.decode(Int.self, forKey: .endMinute))
        } catch let error as SubscriberValidationError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public var description: String {
        func hhmm(_ m: Int) -> String {
            let h = m / 60, mm = m % 60
            return (h < 10 ? "0" : "") + "\(h):" + (mm < 10 ? "0" : "") + "\(mm)"
        }
        return "\(hhmm(startMinute))–\(hhmm(endMinute))"
    }
}
