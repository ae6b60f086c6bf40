import Foundation
import GovPushDomain

/// Durable response windows and their alerts (DOMAIN.md "Response windows"), in both backends.
///
/// Opening is idempotent per window id (`<family>:<aggregate id>`); a close that arrives before its open is
/// remembered and closes the window when it opens. Alerts are claimed (with a lease) before they are sent
/// and marked sent after, so a restarted or second scheduler neither loses nor repeats one; closing a
/// window cancels its unsent alerts in the same transaction.
public protocol WindowStore: Sendable {
    /// Opens `window` with `alerts` unless a window with its id exists.
    func openWindow(_ window: ResponseWindow, alerts: [PlannedWindowAlert], at time: Date) async throws -> WindowOpening
    /// Closes the window, or remembers the close until the window opens.
    func closeWindow(_ closure: ResponseWindowClosure, at time: Date) async throws -> WindowClosing
    func window(id: String) async throws -> ResponseWindow?
    /// Windows matching `filter` at `now`: open and breached ones by due time, closed ones newest first.
    func windows(_ filter: WindowFilter, now: Date) async throws -> [ResponseWindow]
    /// How many windows are in each state at `now` (every state present, zero included).
    func windowCounts(now: Date) async throws -> [ResponseWindowState: Int]

    func windowAlerts(windowID: String) async throws -> [StoredWindowAlert]
    /// When the scheduler must next look: the earliest pending alert's due time or claimed alert's lease end.
    func nextAlertWakeup() async throws -> Date?
    /// Claims alerts of open windows that are due at `now` (or whose claim's lease ran out), oldest first.
    func claimDueAlerts(now: Date, by worker: String, lease: Duration, limit: Int) async throws -> [ClaimedWindowAlert]
    /// Marks a claimed alert sent; false when this worker no longer holds it.
    @discardableResult
    func markAlertSent(_ alertID: String, by worker: String, at time: Date) async throws -> Bool
}

public enum WindowOpening: Sendable, Equatable {
    /// New, open.
    case opened(ResponseWindow)
    /// New, and closed at once by a close that had arrived first.
    case openedAlreadyClosed(ResponseWindow)
    /// The window existed (a replayed or repeated event); nothing changed.
    case existing(ResponseWindow)
}

public enum WindowClosing: Sendable, Equatable {
    /// Closed now; `cancelledAlerts` unsent alerts will not fire.
    case closed(ResponseWindow, cancelledAlerts: Int)
    /// It was closed already (a repeated response); nothing changed.
    case alreadyClosed(ResponseWindow)
    /// The window has not opened yet: the close waits for it.
    case remembered
}

/// `/v1/windows` filters: state, a region's subtree, a domain; all optional.
public struct WindowFilter: Sendable, Equatable {
    public var state: ResponseWindowState?
    public var region: RegionCode?
    public var domain: DomainID?
    public var limit: Int

    public init(state: ResponseWindowState? = nil, region: RegionCode? = nil, domain: DomainID? = nil, limit: Int = 500) {
        self.state = state
        self.region = region
        self.domain = domain
        self.limit = limit
    }
}

public enum WindowAlertStatus: String, Sendable, Hashable, Codable {
    case pending
    case claimed
    case sent
    case cancelled
}

/// An alert as stored.
public struct StoredWindowAlert: Sendable, Equatable {
    public var id: String
    public var windowID: String
    public var name: String
    public var stage: WindowAlertStage
    public var audience: WindowAlertAudience
    public var dueAt: Date
    public var status: WindowAlertStatus
    public var attempts: Int
    public var sentAt: Date?

    public init(id: String, windowID: String, name: String, stage: WindowAlertStage, audience: WindowAlertAudience, dueAt: Date,
                status: WindowAlertStatus, attempts: Int, sentAt: Date?) {
        self.id = id
        self.windowID = windowID
        self.name = name
        self.stage = stage
        self.audience = audience
        self.dueAt = dueAt
        self.status = status
        self.attempts = attempts
        self.sentAt = sentAt
    }
}

/// An alert claimed for sending, with its window.
public struct ClaimedWindowAlert: Sendable, Equatable {
    public var alert: StoredWindowAlert
    public var window: ResponseWindow

    public init(alert: StoredWindowAlert, window: ResponseWindow) {
        self.alert = alert
        self.window = window
    }
}

/// Column encodings both backends share.
enum WindowColumns {
    /// `,a,b,`: a domain matches with a substring test on `,id,`.
    static func domains(_ domains: [DomainID]) -> String { "," + domains.map(\.rawValue).joined(separator: ",") + "," }

    static func domains(_ text: String, windowID: String, backend: String) throws -> [DomainID] {
        try text.split(separator: ",").map { part in
            do { return try DomainID(String(part)) } catch {
                throw StoreError(backend: backend, operation: "read window \(windowID)", reason: "\(error)")
            }
        }
    }

    static func kind(_ text: String, windowID: String, backend: String) throws -> ResponseWindowKind {
        guard let kind = ResponseWindowKind(rawValue: text) else {
            throw StoreError(backend: backend, operation: "read window \(windowID)", reason: "unknown window kind \(text)")
        }
        return kind
    }

    static func alert(id: String, windowID: String, name: String, stage: String, audience: String, dueAt: Date, status: String,
                      attempts: Int, sentAt: Date?, backend: String) throws -> StoredWindowAlert {
        guard let stage = WindowAlertStage(rawValue: stage), let audience = WindowAlertAudience(rawValue: audience),
              let status = WindowAlertStatus(rawValue: status) else {
            throw StoreError(backend: backend, operation: "read alert \(id)", reason: "unknown stage, audience or status")
        }
        return StoredWindowAlert(id: id, windowID: windowID, name: name, stage: stage, audience: audience, dueAt: dueAt,
                                 status: status, attempts: attempts, sentAt: sentAt)
    }
}
