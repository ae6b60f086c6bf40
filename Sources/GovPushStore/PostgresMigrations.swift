/// The PostgreSQL schema, version by version. Instants are `timestamptz`; the subscriber document is one
/// `bytea` (JSON today, ciphertext once personal data is encrypted). Subscriber ids compare bytewise
/// (`COLLATE "C"`), as in SQLite, so paging by id is the same order in both.
enum PostgresMigrations {
    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    /// Serialises concurrent `migrate()` calls of several processes (`pg_advisory_xact_lock`).
    static let advisoryLockKey: Int64 = 0x476F_7650_7573_68  // "GovPush"

    static let all: [StoreMigration] = [
        StoreMigration(version: 1, name: "events, subscribers, deliveries, sandbox", statements: [
            """
            CREATE TABLE events (
                id text PRIMARY KEY,
                type text NOT NULL,
                source text NOT NULL,
                key text NOT NULL,
                data bytea NOT NULL,
                occurred_at timestamptz NOT NULL,
                received_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE subscribers (
                id text COLLATE "C" PRIMARY KEY,
                document bytea NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE subscriber_changes (
                sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                subscriber_id text NOT NULL,
                document bytea,
                at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX subscriber_changes_subscriber ON subscriber_changes (subscriber_id)",
            """
            CREATE TABLE deliveries (
                delivery_id text PRIMARY KEY,
                event_id text NOT NULL,
                subscriber_id text NOT NULL,
                channel text NOT NULL,
                status text NOT NULL,
                attempts integer NOT NULL,
                provider_reference text,
                last_error text,
                claimed_by text,
                lease_until timestamptz,
                next_attempt_at timestamptz,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                UNIQUE (event_id, subscriber_id, channel)
            )
            """,
            "CREATE INDEX deliveries_channel_status ON deliveries (channel, status)",
            """
            CREATE TABLE sandbox_messages (
                sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                delivery_id text NOT NULL,
                event_id text NOT NULL,
                subscriber_id text NOT NULL,
                channel text NOT NULL,
                masked_address text NOT NULL,
                title text NOT NULL,
                body text NOT NULL,
                captured_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX sandbox_messages_subscriber ON sandbox_messages (subscriber_id)",
        ]),
        windows,  // version 2
        api,  // version 3: PostgresMigrations+API.swift
        leanDeliveries,  // version 4: PostgresMigrations+LeanDeliveries.swift
    ]
}
