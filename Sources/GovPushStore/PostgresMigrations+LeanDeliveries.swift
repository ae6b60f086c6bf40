/// Version 4 (PostgreSQL): drops the deliveries' UNIQUE (event_id, subscriber_id, channel) constraint. The
/// delivery id, the primary key, is a hash of exactly those three, so the constraint's index only cost an
/// extra index insert per claim (see `SQLiteMigrations.leanDeliveries`).
extension PostgresMigrations {
    static let leanDeliveries = StoreMigration(version: 4, name: "deliveries: drop the index the delivery id makes redundant", statements: [
        "ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_event_id_subscriber_id_channel_key",
    ])
}
