import Foundation
import GovPushDomain
import SQLiteNIO

extension SQLiteNotificationStore: WindowStore {
    static let windowColumns = """
        id, kind, aggregate_id, region, domains, subject, opened_at, due_at, opening_event_id, closed_at, closing_event_id
        """

    public func openWindow(_ window: ResponseWindow, alerts: [PlannedWindowAlert], at time: Date) async throws -> WindowOpening {
        try await gate.run {
            try await transaction(operation: "open window \(window.id)") {
                if let existing = try await readWindow(window.id) { return .existing(existing) }
                var stored = window
                let early = try await query("SELECT closed_at, closing_event_id FROM response_window_early_closes WHERE window_id = ?",
                                            [.text(window.id)]).first
                let closedEarly = stored.closedAt == nil && early != nil
                if closedEarly, let early {
                    stored.closedAt = Self.date(early.column("closed_at"))
                    stored.closingEventID = early.column("closing_event_id")?.string
                }
                try await execute("""
                    INSERT INTO response_windows (\(Self.windowColumns), created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(stored.id), .text(stored.kind.rawValue), .text(stored.aggregateID), .integer(Int(stored.region.value)),
                          .text(WindowColumns.domains(stored.domains)), .text(stored.subject), Self.time(stored.openedAt),
                          Self.time(stored.dueAt), .text(stored.openingEventID), stored.closedAt.map { Self.time($0) } ?? .null,
                          stored.closingEventID.map { .text($0) } ?? .null, Self.time(time)],
                    operation: "insert window \(window.id)")
                if stored.closedAt == nil {
                    for alert in alerts {
                        try await execute("""
                            INSERT INTO window_alerts (id, window_id, name, stage, audience, due_at, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')
                            """, [.text(alert.id), .text(stored.id), .text(alert.name), .text(alert.stage.rawValue),
                                  .text(alert.audience.rawValue), Self.time(alert.dueAt)],
                            operation: "insert alert \(alert.id)")
                    }
                }
                if early != nil {
                    try await execute("DELETE FROM response_window_early_closes WHERE window_id = ?", [.text(window.id)],
                                      operation: "apply the early close of \(window.id)")
                }
                return closedEarly ? .openedAlreadyClosed(stored) : .opened(stored)
            }
        }
    }

    public func closeWindow(_ closure: ResponseWindowClosure, at time: Date) async throws -> WindowClosing {
        try await gate.run {
            try await transaction(operation: "close window \(closure.windowID)") {
                guard var window = try await readWindow(closure.windowID) else {
                    // The first close wins, as it would had the window been open.
                    try await execute("""
                        INSERT INTO response_window_early_closes (window_id, closed_at, closing_event_id, received_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (window_id) DO NOTHING
                        """, [.text(closure.windowID), Self.time(closure.closedAt), .text(closure.closingEventID), Self.time(time)],
                        operation: "remember the close of \(closure.windowID)")
                    return .remembered
                }
                guard window.closedAt == nil else { return .alreadyClosed(window) }
                try await execute("UPDATE response_windows SET closed_at = ?, closing_event_id = ? WHERE id = ? AND closed_at IS NULL",
                                  [Self.time(closure.closedAt), .text(closure.closingEventID), .text(closure.windowID)],
                                  operation: "close window \(closure.windowID)")
                try await execute("UPDATE window_alerts SET status = 'cancelled', lease_until = NULL WHERE window_id = ? AND status IN ('pending', 'claimed')",
                                  [.text(closure.windowID)], operation: "cancel the alerts of \(closure.windowID)")
                let cancelled = try await changes()
                window.closedAt = StoreTime.date(microseconds: StoreTime.microseconds(closure.closedAt))
                window.closingEventID = closure.closingEventID
                return .closed(window, cancelledAlerts: cancelled)
            }
        }
    }

    public func window(id: String) async throws -> ResponseWindow? {
        try await gate.run { try await readWindow(id) }
    }

    public func windows(_ filter: WindowFilter, now: Date) async throws -> [ResponseWindow] {
        var conditions: [String] = []
        var binds: [SQLiteData] = []
        switch filter.state {
        case .open?: conditions.append("closed_at IS NULL AND due_at >= ?"); binds.append(Self.time(now))
        case .breached?: conditions.append("closed_at IS NULL AND due_at < ?"); binds.append(Self.time(now))
        case .closed?: conditions.append("closed_at IS NOT NULL")
        case nil: break
        }
        if let region = filter.region {
            conditions.append("region BETWEEN ? AND ?")
            binds += [.integer(Int(region.subtree.lowerBound)), .integer(Int(region.subtree.upperBound))]
        }
        if let domain = filter.domain {
            conditions.append("instr(domains, ?) > 0")
            binds.append(.text(",\(domain.rawValue),"))
        }
        binds.append(.integer(max(0, filter.limit)))
        let sql = """
            SELECT \(Self.windowColumns) FROM response_windows
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY closed_at IS NOT NULL, CASE WHEN closed_at IS NULL THEN due_at END ASC, closed_at DESC, id
            LIMIT ?
            """
        return try await gate.run {
            try await query(sql, binds).map(windowFromRow)
        }
    }

    public func windowCounts(now: Date) async throws -> [ResponseWindowState: Int] {
        try await gate.run {
            let row = try await query("""
                SELECT count(*) FILTER (WHERE closed_at IS NULL AND due_at >= ?1) AS open,
                       count(*) FILTER (WHERE closed_at IS NULL AND due_at < ?1) AS breached,
                       count(*) FILTER (WHERE closed_at IS NOT NULL) AS closed
                FROM response_windows
                """, [Self.time(now)]).first
            return [.open: row?.column("open")?.integer ?? 0, .breached: row?.column("breached")?.integer ?? 0,
                    .closed: row?.column("closed")?.integer ?? 0]
        }
    }

    public func windowAlerts(windowID: String) async throws -> [StoredWindowAlert] {
        try await gate.run {
            try await query("""
                SELECT id, window_id, name, stage, audience, due_at, status, attempts, sent_at FROM window_alerts
                WHERE window_id = ? ORDER BY due_at, audience DESC, name
                """, [.text(windowID)]).map(alertFromRow)
        }
    }

    public func nextAlertWakeup() async throws -> Date? {
        try await gate.run {
            let row = try await query("""
                SELECT min(CASE WHEN status = 'pending' THEN due_at ELSE lease_until END) AS next FROM window_alerts
                WHERE status IN ('pending', 'claimed')
                """).first
            return Self.date(row?.column("next"))
        }
    }

    public func claimDueAlerts(now: Date, by worker: String, lease: Duration, limit: Int) async throws -> [ClaimedWindowAlert] {
        let leaseUntil = now.addingTimeInterval(Double(StoreTime.microseconds(lease)) / 1_000_000)
        return try await gate.run {
            try await transaction(operation: "claim due alerts for \(worker)") {
                let ids = try await query("""
                    SELECT a.id FROM window_alerts a JOIN response_windows w ON w.id = a.window_id
                    WHERE w.closed_at IS NULL
                      AND ((a.status = 'pending' AND a.due_at <= ?1) OR (a.status = 'claimed' AND a.lease_until <= ?1))
                    ORDER BY a.due_at, a.audience DESC, a.id LIMIT ?2
                    """, [Self.time(now), .integer(max(0, limit))]).compactMap { $0.column("id")?.string }
                guard !ids.isEmpty else { return [] }
                try await execute("""
                    UPDATE window_alerts SET status = 'claimed', claimed_by = ?, lease_until = ?, attempts = attempts + 1
                    WHERE id IN (\(Self.placeholders(ids.count)))
                    """, [.text(worker), Self.time(leaseUntil)] + ids.map { .text($0) }, operation: "claim \(ids.count) alerts")
                var claimed: [ClaimedWindowAlert] = []
                for id in ids {
                    guard let alertRow = try await query("""
                        SELECT id, window_id, name, stage, audience, due_at, status, attempts, sent_at FROM window_alerts WHERE id = ?
                        """, [.text(id)]).first else { continue }
                    let alert = try alertFromRow(alertRow)
                    guard let window = try await readWindow(alert.windowID) else { continue }
                    claimed.append(ClaimedWindowAlert(alert: alert, window: window))
                }
                return claimed
            }
        }
    }

    @discardableResult
    public func markAlertSent(_ alertID: String, by worker: String, at time: Date) async throws -> Bool {
        try await gate.run {
            try await execute("""
                UPDATE window_alerts SET status = 'sent', sent_at = ?, lease_until = NULL
                WHERE id = ? AND status = 'claimed' AND claimed_by = ?
                """, [Self.time(time), .text(alertID), .text(worker)], operation: "mark alert \(alertID) sent")
            return try await changes() == 1
        }
    }

    // MARK: Rows (callers hold the gate)

    private func readWindow(_ id: String) async throws -> ResponseWindow? {
        try await query("SELECT \(Self.windowColumns) FROM response_windows WHERE id = ?", [.text(id)]).first.map(windowFromRow)
    }

    private func windowFromRow(_ row: SQLiteRow) throws -> ResponseWindow {
        let id = row.column("id")?.string ?? ""
        return ResponseWindow(
            kind: try WindowColumns.kind(row.column("kind")?.string ?? "", windowID: id, backend: Self.backend),
            aggregateID: row.column("aggregate_id")?.string ?? "",
            region: RegionCode(uncheckedValue: UInt64(row.column("region")?.integer ?? 0)),
            domains: try WindowColumns.domains(row.column("domains")?.string ?? "", windowID: id, backend: Self.backend),
            subject: row.column("subject")?.string ?? "",
            openedAt: Self.date(row.column("opened_at")) ?? .distantPast, dueAt: Self.date(row.column("due_at")) ?? .distantPast,
            openingEventID: row.column("opening_event_id")?.string ?? "",
            closedAt: Self.date(row.column("closed_at")), closingEventID: row.column("closing_event_id")?.string)
    }

    private func alertFromRow(_ row: SQLiteRow) throws -> StoredWindowAlert {
        try WindowColumns.alert(
            id: row.column("id")?.string ?? "", windowID: row.column("window_id")?.string ?? "", name: row.column("name")?.string ?? "",
            stage: row.column("stage")?.string ?? "", audience: row.column("audience")?.string ?? "",
            dueAt: Self.date(row.column("due_at")) ?? .distantPast, status: row.column("status")?.string ?? "",
            attempts: row.column("attempts")?.integer ?? 0, sentAt: Self.date(row.column("sent_at")), backend: Self.backend)
    }
}
