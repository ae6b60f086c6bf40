/// Version 3 (SQLite): what the HTTP API keeps — tenants (secrets sealed), request nonces, the WeChat
/// one-time grant ledger (openids sealed, plus a keyed hash), inbox read state and contact lookup hashes.
extension SQLiteMigrations {
    static let api = StoreMigration(version: 3, name: "API: tenants, nonces, grants, inbox, contact hashes", statements: [
        """
        CREATE TABLE tenants (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            secret BLOB NOT NULL,
            callback_url TEXT,
            created_at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE api_nonces (
            key_id TEXT NOT NULL,
            nonce TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (key_id, nonce)
        )
        """,
        "CREATE INDEX api_nonces_expiry ON api_nonces (expires_at)",
        """
        CREATE TABLE wechat_grants (
            id TEXT PRIMARY KEY,
            subscriber_id TEXT NOT NULL,
            template_id TEXT NOT NULL,
            openid BLOB NOT NULL,
            openid_hash TEXT NOT NULL,
            scene INTEGER,
            granted_at INTEGER NOT NULL,
            state TEXT NOT NULL,
            delivery_id TEXT UNIQUE,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX wechat_grants_subscriber ON wechat_grants (subscriber_id, template_id, state)",
        """
        CREATE TABLE inbox_reads (
            subscriber_id TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            read_at INTEGER NOT NULL,
            PRIMARY KEY (subscriber_id, delivery_id)
        )
        """,
        """
        CREATE TABLE subscriber_contacts (
            subscriber_id TEXT NOT NULL,
            lookup_hash TEXT NOT NULL,
            PRIMARY KEY (subscriber_id, lookup_hash)
        )
        """,
        "CREATE INDEX subscriber_contacts_hash ON subscriber_contacts (lookup_hash)",
        "CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id, created_at)",
    ])
}
