/// Version 4 (SQLite): the deliveries table without its UNIQUE (event_id, subscriber_id, channel) index.
/// The delivery id is a hash of exactly those three, so the primary key already makes them unique; the
/// second index only cost one more random B-tree insert per claim. SQLite cannot drop a table constraint,
/// so the table is rebuilt with its rows.
extension SQLiteMigrations {
    static let leanDeliveries = StoreMigration(version: 4, name: "deliveries: drop the index the delivery id makes redundant", statements: [
        """
        CREATE TABLE deliveries_v4 (
            delivery_id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL,
            subscriber_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            provider_reference TEXT,
            last_error TEXT,
            claimed_by TEXT,
            lease_until INTEGER,
            next_attempt_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        """
        INSERT INTO deliveries_v4 (delivery_id, event_id, subscriber_id, channel, status, attempts, provider_reference, last_error,
                                   claimed_by, lease_until, next_attempt_at, created_at, updated_at)
        SELECT delivery_id, event_id, subscriber_id, channel, status, attempts, provider_reference, last_error,
               claimed_by, lease_until, next_attempt_at, created_at, updated_at
        FROM deliveries
        """,
        "DROP TABLE deliveries",
        "ALTER TABLE deliveries_v4 RENAME TO deliveries",
        "CREATE INDEX deliveries_channel_status ON deliveries (channel, status)",
        "CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id, created_at)",
    ])
}
