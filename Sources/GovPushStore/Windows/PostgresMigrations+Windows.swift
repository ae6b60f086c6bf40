/// Version 2 (PostgreSQL): response windows, closes that arrived before their window, and window alerts.
/// Region codes are their 12-digit value, so a region filter is a range over the subtree.
extension PostgresMigrations {
    static let windows = StoreMigration(version: 2, name: "response windows and alerts", statements: [
        """
        CREATE TABLE response_windows (
            id text PRIMARY KEY,
            kind text NOT NULL,
            aggregate_id text NOT NULL,
            region bigint NOT NULL,
            domains text NOT NULL,
            subject text NOT NULL,
            opened_at timestamptz NOT NULL,
            due_at timestamptz NOT NULL,
            opening_event_id text NOT NULL,
            closed_at timestamptz,
            closing_event_id text,
            created_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX response_windows_due ON response_windows (closed_at, due_at)",
        """
        CREATE TABLE response_window_early_closes (
            window_id text PRIMARY KEY,
            closed_at timestamptz NOT NULL,
            closing_event_id text NOT NULL,
            received_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE window_alerts (
            id text PRIMARY KEY,
            window_id text NOT NULL,
            name text NOT NULL,
            stage text NOT NULL,
            audience text NOT NULL,
            due_at timestamptz NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            claimed_by text,
            lease_until timestamptz,
            sent_at timestamptz
        )
        """,
        "CREATE INDEX window_alerts_status_due ON window_alerts (status, due_at)",
        "CREATE INDEX window_alerts_window ON window_alerts (window_id)",
    ])
}
