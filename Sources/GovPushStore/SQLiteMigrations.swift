/// The SQLite schema, version by version. Instants are INTEGER microseconds since 1970 (`StoreTime`);
/// the subscriber document is one BLOB (JSON today, ciphertext once personal data is encrypted).
enum SQLiteMigrations {
    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """

    static let all: [StoreMigration] = [
        StoreMigration(version: 1, name: "events, subscribers, deliveries, sandbox", statements: [
            """
            CREATE TABLE events (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                source TEXT NOT NULL,
                key TEXT NOT NULL,
                data BLOB NOT NULL,
                occurred_at INTEGER NOT NULL,
                received_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE subscribers (
                id TEXT PRIMARY KEY,
                document BLOB NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE subscriber_changes (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                subscriber_id TEXT NOT NULL,
                document BLOB,
                at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX subscriber_changes_subscriber ON subscriber_changes (subscriber_id)",
            """
            CREATE TABLE deliveries (
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
                updated_at INTEGER NOT NULL,
                UNIQUE (event_id, subscriber_id, channel)
            )
            """,
            "CREATE INDEX deliveries_channel_status ON deliveries (channel, status)",
            """
            CREATE TABLE sandbox_messages (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                delivery_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                subscriber_id TEXT NOT NULL,
                channel TEXT NOT NULL,
                masked_address TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                captured_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX sandbox_messages_subscriber ON sandbox_messages (subscriber_id)",
        ]),
        windows,  // version 2
        api,  // version 3: SQLiteMigrations+API.swift
        leanDeliveries,  // version 4: SQLiteMigrations+LeanDeliveries.swift
    ]
}
