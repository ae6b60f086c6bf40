import Foundation
import GovPushDomain
import Logging
import SQLiteNIO

/// The embedded store: one SQLite file in WAL mode (by default `./.govpush/govpush.sqlite`), used by
/// `govpush dev` and tests. One writing connection per store, on its own thread; operations are serialised
/// on it and every batch is one transaction. Bulk reads of subscribers go to a second, read-only connection
/// (`SQLiteReadConnection`), so they do not wait for the writer. Write transactions start with
/// `BEGIN IMMEDIATE`, so several stores (or processes) on the same file claim race-free: SQLite lets one
/// writer in at a time, the others wait up to the busy timeout.
public final class SQLiteNotificationStore: NotificationStore {
    static let backend = "SQLite"
    /// Bound variables per row-carrying statement, under SQLite's limit of 32,766 with room for a few fixed
    /// ones: a batch goes in few, large statements, so the connection's thread gets few separate pieces of work.
    static let bindsPerStatement = 32_000
    static func rowsPerStatement(binding columns: Int) -> Int { bindsPerStatement / columns }

    public let configuration: SQLiteStoreConfiguration
    let connection: SQLiteConnection
    let threadPool: NIOThreadPool
    let gate = SerialGate()
    let reader: SQLiteReadConnection
    let logger: Logger

    private init(configuration: SQLiteStoreConfiguration, connection: SQLiteConnection, threadPool: NIOThreadPool,
                 reader: SQLiteReadConnection, logger: Logger) {
        self.configuration = configuration
        self.connection = connection
        self.threadPool = threadPool
        self.reader = reader
        self.logger = logger
    }

    /// Opens (creating it and its parent directories if needed) the database file, in WAL mode with the
    /// configured busy timeout. Call `migrate()` before use and `close()` at the end.
    public static func open(_ configuration: SQLiteStoreConfiguration,
                            logger: Logger = Logger(label: "govpush.store.sqlite")) async throws -> SQLiteNotificationStore {
        let directory = URL(fileURLWithPath: configuration.path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(backend: backend, operation: "create the directory \(directory.path)", reason: "\(error)")
        }
        let (connection, threadPool): (SQLiteConnection, NIOThreadPool)
        do {
            (connection, threadPool) = try await SQLiteConnection.openOnOwnThread(path: configuration.path, logger: logger)
        } catch {
            throw StoreError(backend: backend, operation: "open \(configuration.path)", reason: "\(error)")
        }
        let millis = max(0, StoreTime.microseconds(configuration.busyTimeout) / 1000)
        do {
            _ = try await connection.query("PRAGMA busy_timeout = \(millis)")
            let mode = try await connection.query("PRAGMA journal_mode = WAL").first?.column("journal_mode")?.string
            guard mode?.lowercased() == "wal" else {
                throw StoreError(backend: backend, operation: "enable WAL mode on \(configuration.path)",
                                 reason: "journal mode is \(mode ?? "unknown")")
            }
            _ = try await connection.query("PRAGMA synchronous = NORMAL")
            // Delivery ids are hashes, so a fan-out's claims land all over the deliveries index: keep its
            // pages in memory (64 MiB) rather than re-reading them from the OS for every batch.
            _ = try await connection.query("PRAGMA cache_size = -65536")
            // Checkpoint every 16 MiB of WAL instead of 4: the same hot index pages are copied back less often.
            _ = try await connection.query("PRAGMA wal_autocheckpoint = 4096")
            // Multi-row statements inside a transaction keep a statement journal of every page they touch:
            // in memory, not in a temporary file written and thrown away per batch.
            _ = try await connection.query("PRAGMA temp_store = MEMORY")
            _ = try await connection.query("PRAGMA foreign_keys = ON")
            // Deleted personal data is overwritten with zeros, not left in free pages (erasure, docs/api.md).
            _ = try await connection.query("PRAGMA secure_delete = ON")
            // The file is in WAL mode now, so the reader opens onto it in WAL mode too.
            let reader = try await SQLiteReadConnection.open(path: configuration.path, busyTimeoutMilliseconds: millis, logger: logger)
            return SQLiteNotificationStore(configuration: configuration, connection: connection, threadPool: threadPool,
                                           reader: reader, logger: logger)
        } catch {
            try? await connection.close()
            try? await threadPool.shutdownGracefully()
            throw error as? StoreError ?? StoreError(backend: backend, operation: "configure \(configuration.path)", reason: "\(error)")
        }
    }

    // MARK: Migrations

    public func migrate() async throws { try await migrate(through: .max) }

    /// Applies the migrations up to version `last` only: tests start from an older schema to check an upgrade.
    func migrate(through last: Int) async throws {
        try await gate.run {
            try await execute(SQLiteMigrations.bookkeeping, operation: "create schema_migrations")
            for migration in SQLiteMigrations.all.sorted(by: { $0.version < $1.version }) where migration.version <= last {
                try await transaction(operation: "apply migration \(migration.version)") {
                    let applied = try await query("SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(migration.version)])
                    guard applied.isEmpty else { return }
                    for statement in migration.statements {
                        try await execute(statement, operation: "apply migration \(migration.version) (\(migration.name))")
                    }
                    try await execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                      [.integer(migration.version), .text(migration.name),
                                       .integer(Int(StoreTime.microseconds(Date())))],
                                      operation: "record migration \(migration.version)")
                    logger.info("Applied store migration", metadata: ["version": "\(migration.version)", "backend": "sqlite"])
                }
            }
            let newest = try await query("SELECT max(version) AS v FROM schema_migrations").first?.column("v")?.integer ?? 0
            if newest > SQLiteMigrations.newestVersion {
                throw StoreError(backend: Self.backend, operation: "migrate \(configuration.path)",
                                 reason: "the schema is at version \(newest), newer than this build knows (\(SQLiteMigrations.newestVersion))")
            }
        }
    }

    /// The highest migration version applied (0 before `migrate()`).
    public func schemaVersion() async throws -> Int {
        try await gate.run {
            let exists = try await query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
            guard !exists.isEmpty else { return 0 }
            return try await query("SELECT coalesce(max(version), 0) AS v FROM schema_migrations").first?.column("v")?.integer ?? 0
        }
    }

    // MARK: Events

    public func recordEvent(_ event: StoredEvent) async throws -> Bool {
        try await gate.run {
            try await execute("""
                INSERT INTO events (id, type, source, key, data, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """, [.text(event.id), .text(event.type), .text(event.source), .text(event.key), .blob(ByteBuffer(bytes: event.data)),
                      Self.time(event.occurredAt), Self.time(event.receivedAt)], operation: "record event \(event.id)")
            return try await changes() == 1
        }
    }

    public func event(_ id: String) async throws -> StoredEvent? {
        try await gate.run {
            guard let row = try await query("SELECT type, source, key, data, occurred_at, received_at FROM events WHERE id = ?", [.text(id)]).first,
                  let occurred = Self.date(row.column("occurred_at")), let received = Self.date(row.column("received_at")) else { return nil }
            return StoredEvent(id: id, type: row.column("type")?.string ?? "", source: row.column("source")?.string ?? "",
                               key: row.column("key")?.string ?? "", data: Self.bytes(row.column("data")), occurredAt: occurred, receivedAt: received)
        }
    }

    // MARK: Subscribers

    @discardableResult
    public func upsertSubscribers(_ subscribers: [Subscriber], at time: Date) async throws -> Int64 {
        let subscribers = subscribers.lastListingPerID
        guard !subscribers.isEmpty else { return 0 }
        let documents = try subscribers.map { try SubscriberDocument.encode($0, cipher: configuration.cipher, backend: Self.backend) }
        let operation = subscribers.count == 1 ? "upsert subscriber \(subscribers[0].id.rawValue)" : "upsert \(subscribers.count) subscribers"
        return try await gate.run {
            try await transaction(operation: operation) {
                for chunk in Array(zip(subscribers, documents)).chunks(of: Self.rowsPerStatement(binding: 3)) {
                    var binds: [SQLiteData] = []
                    binds.reserveCapacity(chunk.count * 3)
                    for (subscriber, document) in chunk { binds += [.text(subscriber.id.rawValue), .blob(ByteBuffer(bytes: document)), Self.time(time)] }
                    try await execute("""
                        INSERT INTO subscribers (id, document, updated_at)
                        VALUES \(Self.valueRows("(?, ?, ?)", count: chunk.count))
                        ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                        """, binds, operation: operation)
                }
                try await replaceContactHashes(of: subscribers)
                return try await appendChanges(zip(subscribers, documents).map { ($0.id.rawValue, $1) }, at: time)
            }
        }
    }

    public func subscriber(_ id: SubscriberID) async throws -> Subscriber? {
        try await gate.run {
            guard let row = try await query("SELECT document FROM subscribers WHERE id = ?", [.text(id.rawValue)]).first else { return nil }
            return try SubscriberDocument.decode(Self.bytes(row.column("document")), cipher: configuration.cipher, id: id.rawValue, backend: Self.backend)
        }
    }

    public func subscribers(_ ids: [SubscriberID]) async throws -> [SubscriberID: Subscriber] {
        var found: [SubscriberID: Subscriber] = [:]
        for chunk in Array(Set(ids)).chunks(of: Self.rowsPerStatement(binding: 1)) {
            let rows = try await read("SELECT id, document FROM subscribers WHERE id IN (\(Self.placeholders(chunk.count)))",
                                      chunk.map { .text($0.rawValue) }, operation: "read \(chunk.count) subscribers")
            // Decrypted and decoded after the connection is free for the next caller.
            for row in rows {
                let id = try SubscriberID(row.column("id")?.string ?? "")
                found[id] = try SubscriberDocument.decode(Self.bytes(row.column("document")), cipher: configuration.cipher, id: id.rawValue, backend: Self.backend)
            }
        }
        return found
    }

    @discardableResult
    public func deleteSubscriber(_ id: SubscriberID, at time: Date) async throws -> Bool {
        try await gate.run {
            try await transaction(operation: "delete subscriber \(id.rawValue)") {
                try await execute("DELETE FROM subscribers WHERE id = ?", [.text(id.rawValue)], operation: "delete subscriber \(id.rawValue)")
                guard try await changes() == 1 else { return false }
                // Earlier changes carried the document: keep the sequence (dispatchers replay it), drop the data.
                try await execute("UPDATE subscriber_changes SET document = NULL WHERE subscriber_id = ? AND document IS NOT NULL",
                                  [.text(id.rawValue)], operation: "erase the change history of subscriber \(id.rawValue)")
                try await execute("DELETE FROM sandbox_messages WHERE subscriber_id = ?", [.text(id.rawValue)],
                                  operation: "erase sandbox messages of subscriber \(id.rawValue)")
                _ = try await appendChanges([(id.rawValue, nil)], at: time)
                return true
            }
        }
    }

    public func subscribers(after cursor: SubscriberID?, limit: Int) async throws -> [Subscriber] {
        let rows = try await read("SELECT id, document FROM subscribers WHERE id > ? ORDER BY id LIMIT ?",
                                  [.text(cursor?.rawValue ?? ""), .integer(max(0, limit))], operation: "read subscribers after \(cursor?.rawValue ?? "the start")")
        return try rows.map { row in
            try SubscriberDocument.decode(Self.bytes(row.column("document")), cipher: configuration.cipher, id: row.column("id")?.string ?? "?", backend: Self.backend)
        }
    }

    public func subscriberChanges(after sequence: Int64, limit: Int) async throws -> [SubscriberChange] {
        try await gate.run {
            let rows = try await query("""
                SELECT sequence, subscriber_id, document FROM subscriber_changes WHERE sequence > ? ORDER BY sequence LIMIT ?
                """, [.integer(Int(sequence)), .integer(max(0, limit))])
            return try rows.map { row in
                let rawID = row.column("subscriber_id")?.string ?? ""
                let id = try SubscriberID(rawID)
                let document = row.column("document").flatMap { $0.isNull ? nil : $0 }
                return SubscriberChange(
                    sequence: Int64(row.column("sequence")?.integer ?? 0), subscriberID: id,
                    subscriber: try document.map { try SubscriberDocument.decode(Self.bytes($0), cipher: configuration.cipher, id: rawID, backend: Self.backend) })
            }
        }
    }

    /// Appends one change per subscriber, in order; returns the last one's sequence number.
    private func appendChanges(_ changes: [(id: String, document: [UInt8]?)], at time: Date) async throws -> Int64 {
        var last: Int64?
        for chunk in changes.chunks(of: Self.rowsPerStatement(binding: 3)) {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * 3)
            for change in chunk { binds += [.text(change.id), change.document.map { .blob(ByteBuffer(bytes: $0)) } ?? .null, Self.time(time)] }
            let rows = try await query("""
                INSERT INTO subscriber_changes (subscriber_id, document, at)
                VALUES \(Self.valueRows("(?, ?, ?)", count: chunk.count)) RETURNING sequence
                """, binds, operation: "append \(chunk.count) subscriber changes")
            last = rows.compactMap { $0.column("sequence")?.integer }.max().map(Int64.init) ?? last
        }
        guard let last else {
            throw StoreError(backend: Self.backend, operation: "append \(changes.count) subscriber changes", reason: "no sequence returned")
        }
        return last
    }

    // MARK: Deliveries

    public func claim(_ keys: [DeliveryKey], by worker: String, now: Date, lease: Duration) async throws -> [DeliveryKey: DeliveryClaimResult] {
        guard !keys.isEmpty else { return [:] }
        var byID: [String: DeliveryKey] = [:]
        for key in keys { byID[key.deliveryID] = key }
        let ids = byID.keys.sorted()
        let leaseUntil = now.addingTimeInterval(Double(StoreTime.microseconds(lease)) / 1_000_000)
        return try await gate.run {
            try await transaction(operation: "claim \(ids.count) deliveries for \(worker)") {
                var results: [DeliveryKey: DeliveryClaimResult] = [:]
                // New deliveries (the whole of a first fan-out) are claimed by inserting them; only the
                // rest are read and decided one by one.
                var inserted = Set<String>()
                for chunk in ids.chunks(of: Self.rowsPerStatement(binding: 8)) {
                    var binds: [SQLiteData] = []
                    binds.reserveCapacity(chunk.count * 8)
                    for id in chunk {
                        let key = byID[id]!
                        binds += [.text(id), .text(key.eventID), .text(key.subscriberID.rawValue), .text(key.channel.rawValue),
                                  .text(worker), Self.time(leaseUntil), Self.time(now), Self.time(now)]
                    }
                    let rows = try await query("""
                        INSERT INTO deliveries (delivery_id, event_id, subscriber_id, channel, status, attempts, claimed_by,
                                                lease_until, created_at, updated_at)
                        VALUES \(Self.valueRows("(?, ?, ?, ?, 'claimed', 1, ?, ?, ?, ?)", count: chunk.count))
                        ON CONFLICT DO NOTHING RETURNING delivery_id
                        """, binds, operation: "insert \(chunk.count) new deliveries")
                    for row in rows {
                        guard let id = row.columns.first?.data.string, let key = byID[id] else { continue }
                        inserted.insert(id)
                        results[key] = .claimed(attempt: 1)
                    }
                }
                var reclaim: [String] = []
                for chunk in ids.filter({ !inserted.contains($0) }).chunks(of: Self.rowsPerStatement(binding: 1)) {
                    let rows = try await query("""
                        SELECT delivery_id, status, attempts, claimed_by, lease_until FROM deliveries
                        WHERE delivery_id IN (\(Self.placeholders(chunk.count)))
                        """, chunk.map { .text($0) })
                    for row in rows {
                        let id = row.column("delivery_id")?.string ?? ""
                        guard let key = byID[id] else { continue }
                        let statusText = row.column("status")?.string ?? ""
                        guard let status = DeliveryStatus(rawValue: statusText) else {
                            throw StoreError(backend: Self.backend, operation: "claim delivery \(id)", reason: "unknown status \(statusText)")
                        }
                        let leaseEnd = row.column("lease_until")?.integer.map { StoreTime.date(microseconds: Int64($0)) }
                        switch ClaimDecision.decide(status: status, claimedBy: row.column("claimed_by")?.string, leaseUntil: leaseEnd,
                                                    worker: worker, now: now) {
                        case .claim:
                            reclaim.append(id)
                            results[key] = .claimed(attempt: (row.column("attempts")?.integer ?? 0) + 1)
                        case .report(let result):
                            results[key] = result
                        }
                    }
                }
                for chunk in reclaim.chunks(of: Self.rowsPerStatement(binding: 1)) {
                    try await execute("""
                        UPDATE deliveries SET status = 'claimed', attempts = attempts + 1, claimed_by = ?, lease_until = ?,
                                              next_attempt_at = NULL, updated_at = ?
                        WHERE delivery_id IN (\(Self.placeholders(chunk.count)))
                        """, [.text(worker), Self.time(leaseUntil), Self.time(now)] + chunk.map { .text($0) },
                        operation: "reclaim \(chunk.count) deliveries")
                }
                return results
            }
        }
    }

    public func complete(_ outcomes: [(key: DeliveryKey, completion: DeliveryCompletion)], by worker: String, at time: Date) async throws {
        guard !outcomes.isEmpty else { return }
        let ignored: Int = try await gate.run {
            try await transaction(operation: "complete \(outcomes.count) deliveries for \(worker)") {
                var updated = 0
                for chunk in outcomes.chunks(of: Self.rowsPerStatement(binding: 5)) {
                    var binds: [SQLiteData] = []
                    for (key, completion) in chunk {
                        binds += [.text(key.deliveryID), .text(completion.status.rawValue),
                                  completion.providerReference.map { .text($0) } ?? .null,
                                  completion.lastError.map { .text($0) } ?? .null,
                                  completion.nextAttemptAt.map { Self.time($0) } ?? .null]
                    }
                    try await execute("""
                        WITH outcome (delivery_id, status, provider_reference, last_error, next_attempt_at) AS (
                            VALUES \(Self.valueRows("(?, ?, ?, ?, ?)", count: chunk.count))
                        )
                        UPDATE deliveries SET status = outcome.status,
                            provider_reference = coalesce(outcome.provider_reference, deliveries.provider_reference),
                            last_error = outcome.last_error, next_attempt_at = outcome.next_attempt_at,
                            lease_until = NULL, updated_at = ?
                        FROM outcome
                        WHERE deliveries.delivery_id = outcome.delivery_id AND deliveries.status = 'claimed'
                          AND deliveries.claimed_by = ?
                        """, binds + [Self.time(time), .text(worker)], operation: "complete \(chunk.count) deliveries")
                    updated += try await changes()
                }
                return outcomes.count - updated
            }
        }
        if ignored > 0 {
            logger.notice("Ignored completions of deliveries not claimed by this worker",
                          metadata: ["worker": "\(worker)", "ignored": "\(ignored)", "backend": "sqlite"])
        }
    }

    public func deliveries(_ keys: [DeliveryKey]) async throws -> [DeliveryKey: DeliveryRecord] {
        var byID: [String: DeliveryKey] = [:]
        for key in keys { byID[key.deliveryID] = key }
        guard !byID.isEmpty else { return [:] }
        return try await gate.run {
            var records: [DeliveryKey: DeliveryRecord] = [:]
            for chunk in Array(byID.keys).chunks(of: Self.rowsPerStatement(binding: 1)) {
                let rows = try await query("""
                    SELECT delivery_id, status, attempts, provider_reference, last_error, claimed_by, lease_until, next_attempt_at,
                           created_at, updated_at
                    FROM deliveries WHERE delivery_id IN (\(Self.placeholders(chunk.count)))
                    """, chunk.map { .text($0) })
                for row in rows {
                    guard let key = row.column("delivery_id")?.string.flatMap({ byID[$0] }) else { continue }
                    let statusText = row.column("status")?.string ?? ""
                    guard let status = DeliveryStatus(rawValue: statusText) else {
                        throw StoreError(backend: Self.backend, operation: "read \(key)", reason: "unknown status \(statusText)")
                    }
                    records[key] = DeliveryRecord(
                        key: key, status: status, attempts: row.column("attempts")?.integer ?? 0,
                        providerReference: row.column("provider_reference")?.string, lastError: row.column("last_error")?.string,
                        claimedBy: row.column("claimed_by")?.string, leaseUntil: Self.date(row.column("lease_until")),
                        nextAttemptAt: Self.date(row.column("next_attempt_at")),
                        createdAt: Self.date(row.column("created_at")) ?? .distantPast, updatedAt: Self.date(row.column("updated_at")) ?? .distantPast)
                }
            }
            return records
        }
    }

    @discardableResult
    public func reopenDeadLettered(_ keys: [DeliveryKey], at time: Date) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        let ids = Array(Set(keys.map(\.deliveryID)))
        return try await gate.run {
            try await transaction(operation: "reopen \(ids.count) dead-lettered deliveries") {
                var reopened = 0
                for chunk in ids.chunks(of: Self.rowsPerStatement(binding: 1)) {
                    try await execute("""
                        UPDATE deliveries SET status = 'retrying', attempts = 0, claimed_by = NULL, lease_until = NULL,
                               next_attempt_at = NULL, updated_at = ?
                        WHERE status = 'dead-lettered' AND delivery_id IN (\(Self.placeholders(chunk.count)))
                        """, [Self.time(time)] + chunk.map { .text($0) }, operation: "reopen dead-lettered deliveries")
                    reopened += try await changes()
                }
                return reopened
            }
        }
    }

    public func deliveryCounts() async throws -> [DeliveryCount] {
        try await gate.run {
            let rows = try await query("SELECT channel, status, count(*) AS n FROM deliveries GROUP BY channel, status ORDER BY channel, status")
            return rows.compactMap { row in
                guard let channel = row.column("channel")?.string.flatMap(ChannelKind.init(rawValue:)),
                      let status = row.column("status")?.string.flatMap(DeliveryStatus.init(rawValue:)) else { return nil }
                return DeliveryCount(channel: channel, status: status, count: row.column("n")?.integer ?? 0)
            }
        }
    }

    // MARK: Sandbox

    public func appendSandbox(_ messages: [SandboxMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await gate.run {
            try await transaction(operation: "append \(messages.count) sandbox messages") {
                for chunk in messages.chunks(of: Self.rowsPerStatement(binding: 8)) { try await insertSandboxRows(chunk) }
            }
        }
    }

    /// One multi-row insert of captured messages (callers hold the gate, in a transaction).
    func insertSandboxRows(_ messages: some Collection<SandboxMessage>) async throws {
        guard !messages.isEmpty else { return }
        var binds: [SQLiteData] = []
        binds.reserveCapacity(messages.count * 8)
        for m in messages {
            binds += [.text(m.deliveryID), .text(m.eventID), .text(m.subscriberID.rawValue), .text(m.channel.rawValue),
                      .text(m.maskedAddress), .text(m.title), .text(m.body), Self.time(m.capturedAt)]
        }
        try await execute("""
            INSERT INTO sandbox_messages (delivery_id, event_id, subscriber_id, channel, masked_address, title, body, captured_at)
            VALUES \(Self.valueRows("(?, ?, ?, ?, ?, ?, ?, ?)", count: messages.count))
            """, binds, operation: "append \(messages.count) sandbox messages")
    }

    public func sandboxTally() async throws -> SandboxTally {
        try await gate.run {
            let row = try await query("SELECT count(*) AS messages, count(DISTINCT delivery_id) AS deliveries FROM sandbox_messages").first
            return SandboxTally(messages: row?.column("messages")?.integer ?? 0, distinctDeliveries: row?.column("deliveries")?.integer ?? 0)
        }
    }

    public func recentSandboxMessages(limit: Int) async throws -> [SandboxMessage] {
        try await gate.run {
            let rows = try await query("""
                SELECT sequence, delivery_id, event_id, subscriber_id, channel, masked_address, title, body, captured_at
                FROM sandbox_messages ORDER BY sequence DESC LIMIT ?
                """, [.integer(max(0, limit))])
            return try rows.map { row in
                let channelText = row.column("channel")?.string ?? ""
                guard let channel = ChannelKind(rawValue: channelText) else {
                    throw StoreError(backend: Self.backend, operation: "read sandbox messages", reason: "unknown channel \(channelText)")
                }
                return SandboxMessage(
                    sequence: row.column("sequence")?.integer.map(Int64.init), deliveryID: row.column("delivery_id")?.string ?? "",
                    eventID: row.column("event_id")?.string ?? "", subscriberID: try SubscriberID(row.column("subscriber_id")?.string ?? ""),
                    channel: channel, maskedAddress: row.column("masked_address")?.string ?? "", title: row.column("title")?.string ?? "",
                    body: row.column("body")?.string ?? "", capturedAt: Self.date(row.column("captured_at")) ?? .distantPast)
            }
        }
    }

    public func close() async throws {
        // The writer and its thread are released even if the reader fails to close; its error is reported after.
        var readerError: (any Error)?
        do { try await reader.close() } catch { readerError = error }
        try await gate.run {
            if !connection.isClosed { try await connection.close() }
        }
        try await threadPool.shutdownGracefully()
        if let readerError { throw readerError }
    }

    /// Copies the whole WAL into the database file and empties it (for benchmarks, between set-up and runs).
    package func checkpoint() async throws {
        try await gate.run { try await execute("PRAGMA wal_checkpoint(TRUNCATE)", operation: "checkpoint \(configuration.path)") }
    }

    // MARK: Raw access for tests (same package only)

    /// Runs a query returning one integer (e.g. `SELECT count(*) …`) on the store's connection.
    package func scalarInt(_ sql: String) async throws -> Int {
        try await gate.run { try await query(sql).first?.columns.first?.data.integer ?? 0 }
    }

    // MARK: Plumbing (callers hold the gate)

    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await connection.query(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLiteData] = [], operation: String) async throws -> [SQLiteRow] {
        do {
            return try await connection.query(sql, binds)
        } catch {
            throw StoreError(backend: Self.backend, operation: operation, reason: "\(error)")
        }
    }

    /// One statement on the read-only connection (no gate needed: it has its own).
    func read(_ sql: String, _ binds: [SQLiteData], operation: String) async throws -> [SQLiteRow] {
        do {
            return try await reader.query(sql, binds)
        } catch {
            throw StoreError(backend: Self.backend, operation: operation, reason: "\(error)")
        }
    }

    func execute(_ sql: String, _ binds: [SQLiteData] = [], operation: String) async throws {
        _ = try await query(sql, binds, operation: operation)
    }

    func changes() async throws -> Int {
        try await query("SELECT changes() AS n").first?.column("n")?.integer ?? 0
    }

    /// One write transaction, taken at once (`BEGIN IMMEDIATE`), committed when `body` returns.
    func transaction<T>(operation: String, _ body: () async throws -> T) async throws -> T {
        try await execute("BEGIN IMMEDIATE", operation: "\(operation): begin")
        do {
            let result = try await body()
            try await execute("COMMIT", operation: "\(operation): commit")
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error as? StoreError ?? StoreError(backend: Self.backend, operation: operation, reason: "\(error)")
        }
    }

    static func time(_ date: Date) -> SQLiteData { .integer(Int(StoreTime.microseconds(date))) }

    static func date(_ data: SQLiteData?) -> Date? {
        guard let data, !data.isNull, let value = data.integer else { return nil }
        return StoreTime.date(microseconds: Int64(value))
    }

    static func bytes(_ data: SQLiteData?) -> [UInt8] {
        guard case .blob(var buffer)? = data else { return Array((data?.string ?? "").utf8) }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// `count` copies of one VALUES row (e.g. `"(?, ?, 'delivered')"`), comma-separated, for a multi-row INSERT.
    static func valueRows(_ row: String, count: Int) -> String {
        Array(repeating: row, count: count).joined(separator: ", ")
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
