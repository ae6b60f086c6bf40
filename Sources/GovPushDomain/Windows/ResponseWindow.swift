import Foundation

/// A tracked deadline (响应时限): opened by an incident or a policy, closed by the matching response or
/// interpretation. Times are instants; they print in Asia/Shanghai at the edges.
public struct ResponseWindow: Sendable, Equatable, Identifiable {
    /// `<family>:<aggregate id>`, e.g. `incident:yq-2025-0001`.
    public var id: String { kind.family.windowID(aggregateID: aggregateID) }
    public var kind: ResponseWindowKind
    /// The incident id or policy id.
    public var aggregateID: String
    public var region: RegionCode
    public var domains: [DomainID]
    /// What ops staff read: the incident summary or the policy title.
    public var subject: String
    public var openedAt: Date
    public var dueAt: Date
    /// The CloudEvent id of the event that opened the window.
    public var openingEventID: String
    public var closedAt: Date?
    public var closingEventID: String?

    public init(kind: ResponseWindowKind, aggregateID: String, region: RegionCode, domains: [DomainID], subject: String,
                openedAt: Date, dueAt: Date, openingEventID: String, closedAt: Date? = nil, closingEventID: String? = nil) {
        self.kind = kind
        self.aggregateID = aggregateID
        self.region = region
        self.domains = domains
        self.subject = subject
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.openingEventID = openingEventID
        self.closedAt = closedAt
        self.closingEventID = closingEventID
    }

    public var isClosed: Bool { closedAt != nil }

    /// open (not closed, deadline not passed), breached (not closed, deadline passed) or closed.
    public func state(at now: Date) -> ResponseWindowState {
        if isClosed { return .closed }
        return now > dueAt ? .breached : .open
    }

    /// How far through the window `now` is: 0 at opening, 1 at the deadline (more after).
    public func elapsedFraction(at now: Date) -> Double {
        let length = dueAt.timeIntervalSince(openedAt)
        guard length > 0 else { return 1 }
        return now.timeIntervalSince(openedAt) / length
    }

    /// The dashboard colour: ok, warning (past the first alert fraction), due (past the last one), breached.
    public func urgency(at now: Date, warningFraction: Double = 0.5, dueFraction: Double = 0.8) -> ResponseWindowUrgency {
        if isClosed { return .closed }
        let elapsed = elapsedFraction(at: now)
        if now > dueAt { return .breached }
        if elapsed >= dueFraction { return .due }
        if elapsed >= warningFraction { return .warning }
        return .ok
    }

    /// Closed after the deadline.
    public var wasLate: Bool { closedAt.map { $0 > dueAt } ?? false }

    /// From opening to closing, for closed windows.
    public var responseTime: TimeInterval? { closedAt.map { $0.timeIntervalSince(openedAt) } }
}

/// The states `/v1/windows?state=` filters on; every window is in exactly one.
public enum ResponseWindowState: String, Sendable, Hashable, CaseIterable, Codable {
    case open
    case breached
    case closed
}

/// How the dashboard colours a window.
public enum ResponseWindowUrgency: String, Sendable, Hashable, CaseIterable {
    case ok
    case warning
    case due
    case breached
    case closed
}
