import GovPushDomain

extension GovPushConfiguration {
    /// The window tracker and its ops alerts (docs/windows.md, docs/configuration.md `windows.*`).
    struct Windows: Codable, Equatable {
        /// Warnings at these fractions of each window (default 0.5 and 0.8).
        var alertFractions: [Double]?
        /// The breach escalation this long after the deadline (default 0).
        var escalationDelaySeconds: Double?
        /// Region code → the ops staff on duty and the escalation list; inherited down the hierarchy.
        var roster: [String: RosterEntry]?
    }

    /// One region's lists of channel addresses, e.g. `{"kind":"wecom-group","botKey":"…"}`, `{"kind":"sms","phone":"…"}`.
    struct RosterEntry: Codable, Equatable {
        var onDuty: [SubscriberChannel]?
        var escalation: [SubscriberChannel]?
    }
}
