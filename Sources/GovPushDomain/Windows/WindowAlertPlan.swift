import Foundation

/// When a window's alerts fire (DOMAIN.md: warnings before the deadline, at it, and an escalation on
/// breach): a warning at each fraction of the window, a deadline alert at the due time to the staff on
/// duty, and a breach escalation `escalationDelay` after it to the escalation list. Closing the window
/// cancels whatever has not fired.
public struct WindowAlertPlan: Sendable, Equatable {
    public var warningFractions: [Double]
    public var escalationDelay: Duration

    public init(warningFractions: [Double] = [0.5, 0.8], escalationDelay: Duration = .zero) throws(PlanError) {
        for fraction in warningFractions where !(fraction > 0 && fraction < 1) { throw .badFraction(fraction) }
        guard escalationDelay >= .zero else { throw .negativeEscalationDelay }
        self.warningFractions = Array(Set(warningFractions)).sorted()
        self.escalationDelay = escalationDelay
    }

    public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
        case badFraction(Double)
        case negativeEscalationDelay

        public var description: String {
            switch self {
            case .badFraction(let f): "alert fractions must lie strictly between 0 and 1 (got \(f))"
            case .negativeEscalationDelay: "the escalation delay must not be negative"
            }
        }
    }

    /// Every alert of `window`, in due order. Alerts already due at `now` are kept only when they are the
    /// latest such one (a window opened late, e.g. replayed, warns once, not once per missed fraction).
    public func alerts(for window: ResponseWindow, now: Date) -> [PlannedWindowAlert] {
        let length = window.dueAt.timeIntervalSince(window.openedAt)
        var alerts = warningFractions.map { fraction in
            PlannedWindowAlert(windowID: window.id, name: "warning-\(Int((fraction * 100).rounded()))", stage: .warning,
                               fraction: fraction, audience: .onDuty,
                               dueAt: window.openedAt.addingTimeInterval(length * fraction))
        }
        alerts.append(PlannedWindowAlert(windowID: window.id, name: "deadline", stage: .deadline, fraction: 1, audience: .onDuty,
                                         dueAt: window.dueAt))
        alerts.append(PlannedWindowAlert(windowID: window.id, name: "breach", stage: .breach, fraction: 1, audience: .escalation,
                                         dueAt: window.dueAt.addingTimeInterval(ResponseWindowRules.seconds(escalationDelay))))
        // Among on-duty alerts already due, only the latest stays; the escalation always stays.
        let pastOnDuty = alerts.filter { $0.audience == .onDuty && $0.dueAt <= now }
        if let latest = pastOnDuty.last {
            alerts.removeAll { $0.audience == .onDuty && $0.dueAt <= now && $0.name != latest.name }
        }
        return alerts.sorted { $0.dueAt < $1.dueAt }
    }
}

/// One alert of one window, before it is stored.
public struct PlannedWindowAlert: Sendable, Equatable {
    public var windowID: String
    /// Unique within the window: `warning-50`, `warning-80`, `deadline`, `breach`.
    public var name: String
    public var stage: WindowAlertStage
    public var fraction: Double
    public var audience: WindowAlertAudience
    public var dueAt: Date

    public init(windowID: String, name: String, stage: WindowAlertStage, fraction: Double, audience: WindowAlertAudience, dueAt: Date) {
        self.windowID = windowID
        self.name = name
        self.stage = stage
        self.fraction = fraction
        self.audience = audience
        self.dueAt = dueAt
    }

    /// `<window id>#<name>`: stable across restarts, so claims and delivery ids are too.
    public var id: String { "\(windowID)#\(name)" }
}

public enum WindowAlertStage: String, Sendable, Hashable, Codable {
    case warning
    case deadline
    case breach
}

/// Who gets an alert: the ops staff on duty for the region, or the escalation list.
public enum WindowAlertAudience: String, Sendable, Hashable, Codable {
    case onDuty = "on-duty"
    case escalation
}
