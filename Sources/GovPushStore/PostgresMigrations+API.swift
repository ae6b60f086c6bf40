/// Version 3 (PostgreSQL): what the HTTP API keeps — tenants (secrets sealed), request nonces, the WeChat
/// one-time grant ledger (openids sealed, plus a keyed hash), inbox read state and contact lookup hashes.
extension PostgresMigrations {
    static let api = StoreMigration(version: 3, name: "API: tenants, nonces, grants, inbox, contact hashes", statements: [
        """
        CREATE TABLE tenants (
            id text PRIMARY KEY,
            name text NOT NULL,
            scopes text NOT NULL,
            secret bytea NOT NULL,
            callback_url text,
            created_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE api_nonces (
            key_id text NOT NULL,
            nonce text NOT NULL,
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (key_id, nonce)
        )
        """,
        "CREATE INDEX api_nonces_expiry ON api_nonces (expires_at)",
        """
        CREATE TABLE wechat_grants (
            id text PRIMARY KEY,
            subscriber_id text COLLATE "C" NOT NULL,
            template_id text NOT NULL,
            openid bytea NOT NULL,
            openid_hash text NOT NULL,
            scene integer,
            granted_at timestamptz NOT NULL,
            state text NOT NULL,
            delivery_id text UNIQUE,
            updated_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX wechat_grants_subscriber ON wechat_grants (subscriber_id, template_id, state)",
        """
        CREATE TABLE inbox_reads (
            subscriber_id text COLLATE "C" NOT NULL,
            delivery_id text NOT NULL,
            read_at timestamptz NOT NULL,
            PRIMARY KEY (subscriber_id, delivery_id)
        )
        """,
        """
        CREATE TABLE subscriber_contacts (
            subscriber_id text COLLATE "C" NOT NULL,
            lookup_hash text NOT NULL,
            PRIMARY KEY (subscriber_id, lookup_hash)
        )
        """,
        "CREATE INDEX subscriber_contacts_hash ON subscriber_contacts (lookup_hash)",
        "CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id, created_at)",
    ])
}
