import Foundation
import GovPushDomain
import Logging
import PostgresNIO

extension PostgresNotificationStore: WindowStore {
    static let windowColumns = """
        id, kind, aggregate_id, region, domains, subject, opened_at, due_at, opening_event_id, closed_at, closing_event_id
        """
    static let alertColumns = "id, window_id, name, stage, audience, due_at, status, attempts, sent_at"

    typealias WindowRow = (String, String, String, Int64, String, String, Date, Date, String, Date?, String?)
    typealias AlertRow = (String, String, String, String, String, Date, String, Int, Date?)

    public func openWindow(_ window: ResponseWindow, alerts: [PlannedWindowAlert], at time: Date) async throws -> WindowOpening {
        try await transaction(operation: "open window \(window.id)") { connection in
            // Serialises an open and a close of the same window (each locks the id's advisory key first).
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(window.id), 0))", logger: logger)
            if let existing = try await Self.readWindow(window.id, on: connection, logger: logger) { return .existing(existing) }
            var stored = window
            var early: (Date, String)?
            for try await row in try await connection.query("""
                DELETE FROM response_window_early_closes WHERE window_id = \(window.id) RETURNING closed_at, closing_event_id
                """, logger: logger).decode((Date, String).self) { early = row }
            let closedEarly = stored.closedAt == nil && early != nil
            if closedEarly, let early {
                stored.closedAt = early.0
                stored.closingEventID = early.1
            }
            let region = Int64(stored.region.value), domains = WindowColumns.domains(stored.domains)
            try await connection.query("""
                INSERT INTO response_windows (id, kind, aggregate_id, region, domains, subject, opened_at, due_at, opening_event_id,
                                              closed_at, closing_event_id, created_at)
                VALUES (\(stored.id), \(stored.kind.rawValue), \(stored.aggregateID), \(region), \(domains), \(stored.subject),
                        \(stored.openedAt), \(stored.dueAt), \(stored.openingEventID), \(stored.closedAt), \(stored.closingEventID), \(time))
                """, logger: logger)
            if stored.closedAt == nil, !alerts.isEmpty {
                try await connection.query("""
                    INSERT INTO window_alerts (id, window_id, name, stage, audience, due_at, status)
                    SELECT a.id, \(stored.id), a.name, a.stage, a.audience, a.due_at, 'pending'
                    FROM unnest(\(alerts.map(\.id))::text[], \(alerts.map(\.name))::text[], \(alerts.map(\.stage.rawValue))::text[],
                                \(alerts.map(\.audience.rawValue))::text[], \(alerts.map(\.dueAt))::timestamptz[])
                         AS a(id, name, stage, audience, due_at)
                    """, logger: logger)
            }
            return closedEarly ? .openedAlreadyClosed(stored) : .opened(stored)
        }
    }

    public func closeWindow(_ closure: ResponseWindowClosure, at time: Date) async throws -> WindowClosing {
        try await transaction(operation: "close window \(closure.windowID)") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(closure.windowID), 0))", logger: logger)
            guard var window = try await Self.readWindow(closure.windowID, on: connection, logger: logger) else {
                // The first close wins, as it would had the window been open.
                try await connection.query("""
                    INSERT INTO response_window_early_closes (window_id, closed_at, closing_event_id, received_at)
                    VALUES (\(closure.windowID), \(closure.closedAt), \(closure.closingEventID), \(time))
                    ON CONFLICT (window_id) DO NOTHING
                    """, logger: logger)
                return .remembered
            }
            guard window.closedAt == nil else { return .alreadyClosed(window) }
            try await connection.query("""
                UPDATE response_windows SET closed_at = \(closure.closedAt), closing_event_id = \(closure.closingEventID)
                WHERE id = \(closure.windowID) AND closed_at IS NULL
                """, logger: logger)
            let cancelled = try await connection.query("""
                UPDATE window_alerts SET status = 'cancelled', lease_until = NULL
                WHERE window_id = \(closure.windowID) AND status IN ('pending', 'claimed') RETURNING id
                """, logger: logger).collect().count
            window.closedAt = StoreTime.date(microseconds: StoreTime.microseconds(closure.closedAt))
            window.closingEventID = closure.closingEventID
            return .closed(window, cancelledAlerts: cancelled)
        }
    }

    public func window(id: String) async throws -> ResponseWindow? {
        try await attempt("read window \(id)") {
            var found: ResponseWindow?
            for try await row in try await client.query("SELECT \(unescaped: Self.windowColumns) FROM response_windows WHERE id = \(id)")
                .decode(WindowRow.self) { found = try Self.window(row) }
            return found
        }
    }

    public func windows(_ filter: WindowFilter, now: Date) async throws -> [ResponseWindow] {
        var bindings = PostgresBindings()
        var conditions: [String] = []
        func bind(_ value: some PostgresThrowingDynamicTypeEncodable) throws -> String {
            try bindings.append(value)
            return "$\(bindings.count)"
        }
        switch filter.state {
        case .open?: conditions.append("closed_at IS NULL AND due_at >= " + (try bind(now)))
        case .breached?: conditions.append("closed_at IS NULL AND due_at < " + (try bind(now)))
        case .closed?: conditions.append("closed_at IS NOT NULL")
        case nil: break
        }
        if let region = filter.region {
            let low = try bind(Int64(region.subtree.lowerBound)), high = try bind(Int64(region.subtree.upperBound))
            conditions.append("region BETWEEN \(low) AND \(high)")
        }
        if let domain = filter.domain {
            let needle = try bind(",\(domain.rawValue),")
            conditions.append("strpos(domains, \(needle)) > 0")
        }
        let limit = try bind(max(0, filter.limit))
        let sql = """
            SELECT \(Self.windowColumns) FROM response_windows
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY closed_at IS NOT NULL, CASE WHEN closed_at IS NULL THEN due_at END ASC, closed_at DESC, id
            LIMIT \(limit)
            """
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        return try await attempt("list windows") {
            var windows: [ResponseWindow] = []
            for try await row in try await client.query(query).decode(WindowRow.self) { windows.append(try Self.window(row)) }
            return windows
        }
    }

    public func windowCounts(now: Date) async throws -> [ResponseWindowState: Int] {
        try await attempt("count windows") {
            var counts: [ResponseWindowState: Int] = [.open: 0, .breached: 0, .closed: 0]
            for try await (open, breached, closed) in try await client.query("""
                SELECT count(*) FILTER (WHERE closed_at IS NULL AND due_at >= \(now)),
                       count(*) FILTER (WHERE closed_at IS NULL AND due_at < \(now)),
                       count(*) FILTER (WHERE closed_at IS NOT NULL)
                FROM response_windows
                """).decode((Int, Int, Int).self) {
                counts = [.open: open, .breached: breached, .closed: closed]
            }
            return counts
        }
    }

    public func windowAlerts(windowID: String) async throws -> [StoredWindowAlert] {
        try await attempt("read the alerts of \(windowID)") {
            var alerts: [StoredWindowAlert] = []
            for try await row in try await client.query("""
                SELECT \(unescaped: Self.alertColumns) FROM window_alerts WHERE window_id = \(windowID) ORDER BY due_at, audience DESC, name
                """).decode(AlertRow.self) { alerts.append(try Self.alert(row)) }
            return alerts
        }
    }

    public func nextAlertWakeup() async throws -> Date? {
        try await attempt("find the next alert") {
            var next: Date?
            for try await value in try await client.query("""
                SELECT min(CASE WHEN status = 'pending' THEN due_at ELSE lease_until END) FROM window_alerts
                WHERE status IN ('pending', 'claimed')
                """).decode(Date?.self) { next = value }
            return next
        }
    }

    public func claimDueAlerts(now: Date, by worker: String, lease: Duration, limit: Int) async throws -> [ClaimedWindowAlert] {
        let leaseUntil = now.addingTimeInterval(Double(StoreTime.microseconds(lease)) / 1_000_000)
        return try await transaction(operation: "claim due alerts for \(worker)") { connection in
            // SKIP LOCKED: several schedulers claim disjoint alerts without waiting for each other.
            var alerts: [StoredWindowAlert] = []
            for try await row in try await connection.query("""
                UPDATE window_alerts SET status = 'claimed', claimed_by = \(worker), lease_until = \(leaseUntil), attempts = attempts + 1
                WHERE id IN (
                    SELECT a.id FROM window_alerts a JOIN response_windows w ON w.id = a.window_id
                    WHERE w.closed_at IS NULL
                      AND ((a.status = 'pending' AND a.due_at <= \(now)) OR (a.status = 'claimed' AND a.lease_until <= \(now)))
                    ORDER BY a.due_at, a.audience DESC, a.id LIMIT \(max(0, limit))
                    FOR UPDATE OF a SKIP LOCKED)
                RETURNING \(unescaped: Self.alertColumns)
                """, logger: logger).decode(AlertRow.self) { alerts.append(try Self.alert(row)) }
            var claimed: [ClaimedWindowAlert] = []
            // RETURNING has no order: the on-duty deadline before the escalation due at the same instant.
            for alert in alerts.sorted(by: { ($0.dueAt, $0.audience == .onDuty ? 0 : 1, $0.id) < ($1.dueAt, $1.audience == .onDuty ? 0 : 1, $1.id) }) {
                guard let window = try await Self.readWindow(alert.windowID, on: connection, logger: logger) else { continue }
                claimed.append(ClaimedWindowAlert(alert: alert, window: window))
            }
            return claimed
        }
    }

    @discardableResult
    public func markAlertSent(_ alertID: String, by worker: String, at time: Date) async throws -> Bool {
        try await attempt("mark alert \(alertID) sent") {
            try await !client.query("""
                UPDATE window_alerts SET status = 'sent', sent_at = \(time), lease_until = NULL
                WHERE id = \(alertID) AND status = 'claimed' AND claimed_by = \(worker) RETURNING id
                """).collect().isEmpty
        }
    }

    // MARK: Rows

    private static func readWindow(_ id: String, on connection: PostgresConnection, logger: Logger) async throws -> ResponseWindow? {
        var found: ResponseWindow?
        for try await row in try await connection.query("""
            SELECT \(unescaped: windowColumns) FROM response_windows WHERE id = \(id)
            """, logger: logger).decode(WindowRow.self) { found = try window(row) }
        return found
    }

    private static func window(_ row: WindowRow) throws -> ResponseWindow {
        let (id, kind, aggregateID, region, domains, subject, openedAt, dueAt, openingEventID, closedAt, closingEventID) = row
        return ResponseWindow(
            kind: try WindowColumns.kind(kind, windowID: id, backend: backend), aggregateID: aggregateID,
            region: RegionCode(uncheckedValue: UInt64(region)),
            domains: try WindowColumns.domains(domains, windowID: id, backend: backend), subject: subject,
            openedAt: openedAt, dueAt: dueAt, openingEventID: openingEventID, closedAt: closedAt, closingEventID: closingEventID)
    }

    private static func alert(_ row: AlertRow) throws -> StoredWindowAlert {
        let (id, windowID, name, stage, audience, dueAt, status, attempts, sentAt) = row
        return try WindowColumns.alert(id: id, windowID: windowID, name: name, stage: stage, audience: audience, dueAt: dueAt,
                                       status: status, attempts: attempts, sentAt: sentAt, backend: backend)
    }
}
