/// Version 2 (SQLite): response windows, closes that arrived before their window, and window alerts.
/// Region codes are their 12-digit value, so a region filter is a range over the subtree.
extension SQLiteMigrations {
    static let windows = StoreMigration(version: 2, name: "response windows and alerts", statements: [
        """
        CREATE TABLE response_windows (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            aggregate_id TEXT NOT NULL,
            region INTEGER NOT NULL,
            domains TEXT NOT NULL,
            subject TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            opening_event_id TEXT NOT NULL,
            closed_at INTEGER,
            closing_event_id TEXT,
            created_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX response_windows_due ON response_windows (closed_at, due_at)",
        """
        CREATE TABLE response_window_early_closes (
            window_id TEXT PRIMARY KEY,
            closed_at INTEGER NOT NULL,
            closing_event_id TEXT NOT NULL,
            received_at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE window_alerts (
            id TEXT PRIMARY KEY,
            window_id TEXT NOT NULL,
            name TEXT NOT NULL,
            stage TEXT NOT NULL,
            audience TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT,
            lease_until INTEGER,
            sent_at INTEGER
        )
        """,
        "CREATE INDEX window_alerts_status_due ON window_alerts (status, due_at)",
        "CREATE INDEX window_alerts_window ON window_alerts (window_id)",
    ])
}
