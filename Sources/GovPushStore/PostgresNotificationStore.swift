import Foundation
import GovPushDomain
import Logging
import PostgresNIO

/// The production store: PostgreSQL through postgres-nio's pooled `PostgresClient`. The client's
/// background work (`run()`) is started by `connect` and stopped by `close`, so callers only connect and
/// close. Batches are single statements over `unnest`ed arrays (no per-key round trip), each batch one
/// transaction; claims are race-free across processes through row locks taken by `INSERT … ON CONFLICT`.
public final class PostgresNotificationStore: NotificationStore {
    static let backend = "PostgreSQL"
    /// Serialises subscriber writers so change sequences commit in order (a poller never skips one).
    static let subscriberChangesLockKey: Int64 = 0x476F_7650_7573_69

    public let configuration: PostgresStoreConfiguration
    let client: PostgresClient
    private let runTask: Task<Void, Never>
    let logger: Logger

    private init(configuration: PostgresStoreConfiguration, client: PostgresClient, runTask: Task<Void, Never>, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.runTask = runTask
        self.logger = logger
    }

    /// Starts a connection pool and checks the server answers (within `connectTimeout`); throws with the
    /// host, port and database (never the password) when it does not. Call `migrate()` next, `close()` at the end.
    public static func connect(_ configuration: PostgresStoreConfiguration,
                               logger: Logger = Logger(label: "govpush.store.postgres")) async throws -> PostgresNotificationStore {
        if let schema = configuration.schema, !isPlainIdentifier(schema) {
            throw StoreError(backend: backend, operation: "connect to \(configuration.safeDescription)",
                             reason: "schema names are limited to lower-case letters, digits and _")
        }
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database,
            tls: configuration.preferTLS ? .prefer(.makeClientConfiguration()) : .disable)
        clientConfiguration.options.maximumConnections = max(1, configuration.maximumConnections)
        clientConfiguration.options.connectTimeout = configuration.connectTimeout
        if let schema = configuration.schema {
            clientConfiguration.options.additionalStartupParameters = [("search_path", schema)]
        }
        // One direct connection first: it fails fast and says why (refused, authentication, no database),
        // where the pool would keep retrying in the background.
        do {
            var probe = PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database,
                tls: configuration.preferTLS ? .prefer(try .init(configuration: .makeClientConfiguration())) : .disable)
            probe.options.connectTimeout = .nanoseconds(max(1, StoreTime.microseconds(configuration.connectTimeout)) * 1000)
            let probeConfiguration = probe
            try await withTimeout(configuration.connectTimeout) {
                let connection = try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: logger)
                try await connection.close()
            }
        } catch {
            throw StoreError(backend: backend, operation: "connect to \(configuration.safeDescription)", reason: describe(error))
        }
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        let runTask = Task { await client.run() }
        let store = PostgresNotificationStore(configuration: configuration, client: client, runTask: runTask, logger: logger)
        do {
            try await withTimeout(configuration.connectTimeout) {
                _ = try await client.query("SELECT 1").collect()
            }
        } catch {
            try? await store.close()
            throw StoreError(backend: backend, operation: "connect to \(configuration.safeDescription)", reason: describe(error))
        }
        return store
    }

    // MARK: Migrations

    public func migrate() async throws { try await migrate(through: .max) }

    /// Applies the migrations up to version `last` only: tests start from an older schema to check an upgrade.
    func migrate(through last: Int) async throws {
        // Concurrent CREATE … IF NOT EXISTS can still collide in the catalog: take the lock for these too.
        try await transaction(operation: "create schema_migrations") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresMigrations.advisoryLockKey))", logger: logger)
            if let schema = configuration.schema {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            }
            try await connection.query(PostgresQuery(unsafeSQL: PostgresMigrations.bookkeeping), logger: logger)
        }
        for migration in PostgresMigrations.all.sorted(by: { $0.version < $1.version }) where migration.version <= last {
            try await transaction(operation: "apply migration \(migration.version) (\(migration.name))") { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresMigrations.advisoryLockKey))", logger: logger)
                let applied = try await connection.query("SELECT 1 FROM schema_migrations WHERE version = \(migration.version)", logger: logger)
                guard try await applied.collect().isEmpty else { return }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                                           logger: logger)
                logger.info("Applied store migration", metadata: ["version": "\(migration.version)", "backend": "postgres"])
            }
        }
        let newest = try await schemaVersion()
        if newest > PostgresMigrations.newestVersion {
            throw StoreError(backend: Self.backend, operation: "migrate \(configuration.safeDescription)",
                             reason: "the schema is at version \(newest), newer than this build knows (\(PostgresMigrations.newestVersion))")
        }
    }

    /// The highest migration version applied (0 before `migrate()`).
    public func schemaVersion() async throws -> Int {
        try await attempt("read the schema version") {
            let rows = try await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
            var exists = false
            for try await flag in rows.decode(Bool.self) { exists = flag }
            guard exists else { return 0 }
            var version = 0
            for try await v in try await client.query("SELECT coalesce(max(version), 0) FROM schema_migrations").decode(Int.self) { version = v }
            return version
        }
    }

    // MARK: Events

    public func recordEvent(_ event: StoredEvent) async throws -> Bool {
        try await attempt("record event \(event.id)") {
            let rows = try await client.query("""
                INSERT INTO events (id, type, source, key, data, occurred_at, received_at)
                VALUES (\(event.id), \(event.type), \(event.source), \(event.key), \(ByteBuffer(bytes: event.data)),
                        \(event.occurredAt), \(event.receivedAt))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """)
            return try await !rows.collect().isEmpty
        }
    }

    public func event(_ id: String) async throws -> StoredEvent? {
        try await attempt("read event \(id)") {
            let rows = try await client.query("SELECT type, source, key, data, occurred_at, received_at FROM events WHERE id = \(id)")
            var event: StoredEvent?
            for try await (type, source, key, data, occurred, received) in rows.decode((String, String, String, ByteBuffer, Date, Date).self) {
                event = StoredEvent(id: id, type: type, source: source, key: key, data: Array(data.readableBytesView), occurredAt: occurred, receivedAt: received)
            }
            return event
        }
    }

    // MARK: Subscribers

    @discardableResult
    public func upsertSubscribers(_ subscribers: [Subscriber], at time: Date) async throws -> Int64 {
        let subscribers = subscribers.lastListingPerID
        guard !subscribers.isEmpty else { return 0 }
        let documents = try subscribers.map { ByteBuffer(bytes: try SubscriberDocument.encode($0, cipher: configuration.cipher, backend: Self.backend)) }
        let operation = subscribers.count == 1 ? "upsert subscriber \(subscribers[0].id.rawValue)" : "upsert \(subscribers.count) subscribers"
        return try await transaction(operation: operation) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.subscriberChangesLockKey))", logger: logger)
            var last: Int64 = 0
            for chunk in Array(zip(subscribers, documents)).chunks(of: Self.subscribersPerStatement) {
                let ids = chunk.map(\.0.id.rawValue), chunkDocuments = chunk.map(\.1)
                try await connection.query("""
                    INSERT INTO subscribers (id, document, updated_at)
                    SELECT id, document, \(time) FROM unnest(\(ids)::text[], \(chunkDocuments)::bytea[]) AS s(id, document)
                    ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document, updated_at = EXCLUDED.updated_at
                    """, logger: logger)
                try await replaceContactHashes(of: chunk.map(\.0), on: connection)
                last = try await appendChanges(connection, ids: ids, documents: chunkDocuments, at: time)
            }
            return last
        }
    }

    /// Rows per array parameter: a bulk import goes in statements of bounded size.
    static let subscribersPerStatement = 10_000

    public func subscriber(_ id: SubscriberID) async throws -> Subscriber? {
        let bytes: [UInt8]? = try await attempt("read subscriber \(id.rawValue)") {
            var found: [UInt8]?
            for try await var buffer in try await client.query("SELECT document FROM subscribers WHERE id = \(id.rawValue)").decode(ByteBuffer.self) {
                found = buffer.readBytes(length: buffer.readableBytes)
            }
            return found
        }
        return try bytes.map { try SubscriberDocument.decode($0, cipher: configuration.cipher, id: id.rawValue, backend: Self.backend) }
    }

    public func subscribers(_ ids: [SubscriberID]) async throws -> [SubscriberID: Subscriber] {
        let texts = Array(Set(ids.map(\.rawValue)))
        let documents: [(String, [UInt8])] = try await attempt("read \(texts.count) subscribers") {
            var found: [(String, [UInt8])] = []
            for try await (id, document) in try await client.query("SELECT id, document FROM subscribers WHERE id = ANY(\(texts))").decode((String, ByteBuffer).self) {
                found.append((id, Array(document.readableBytesView)))
            }
            return found
        }
        var subscribers: [SubscriberID: Subscriber] = [:]
        for (id, document) in documents {
            subscribers[try SubscriberID(id)] = try SubscriberDocument.decode(document, cipher: configuration.cipher, id: id, backend: Self.backend)
        }
        return subscribers
    }

    @discardableResult
    public func deleteSubscriber(_ id: SubscriberID, at time: Date) async throws -> Bool {
        try await transaction(operation: "delete subscriber \(id.rawValue)") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.subscriberChangesLockKey))", logger: logger)
            let deleted = try await connection.query("DELETE FROM subscribers WHERE id = \(id.rawValue) RETURNING id", logger: logger)
            guard try await !deleted.collect().isEmpty else { return false }
            // Earlier changes carried the document: keep the sequence (dispatchers replay it), drop the data.
            try await connection.query("""
                UPDATE subscriber_changes SET document = NULL WHERE subscriber_id = \(id.rawValue) AND document IS NOT NULL
                """, logger: logger)
            try await connection.query("DELETE FROM sandbox_messages WHERE subscriber_id = \(id.rawValue)", logger: logger)
            _ = try await appendErasure(connection, id: id.rawValue, at: time)
            return true
        }
    }

    public func subscribers(after cursor: SubscriberID?, limit: Int) async throws -> [Subscriber] {
        let rows: [(String, [UInt8])] = try await attempt("list subscribers") {
            var rows: [(String, [UInt8])] = []
            let sequence = try await client.query("""
                SELECT id, document FROM subscribers WHERE id > \(cursor?.rawValue ?? "") ORDER BY id LIMIT \(max(0, limit))
                """)
            for try await (id, var buffer) in sequence.decode((String, ByteBuffer).self) {
                rows.append((id, buffer.readBytes(length: buffer.readableBytes) ?? []))
            }
            return rows
        }
        return try rows.map { try SubscriberDocument.decode($0.1, cipher: configuration.cipher, id: $0.0, backend: Self.backend) }
    }

    public func subscriberChanges(after sequence: Int64, limit: Int) async throws -> [SubscriberChange] {
        let rows: [(Int64, String, [UInt8]?)] = try await attempt("read subscriber changes") {
            var rows: [(Int64, String, [UInt8]?)] = []
            let result = try await client.query("""
                SELECT sequence, subscriber_id, document FROM subscriber_changes WHERE sequence > \(sequence)
                ORDER BY sequence LIMIT \(max(0, limit))
                """)
            for try await (seq, id, buffer) in result.decode((Int64, String, ByteBuffer?).self) {
                rows.append((seq, id, buffer.map { var b = $0; return b.readBytes(length: b.readableBytes) ?? [] }))
            }
            return rows
        }
        return try rows.map { seq, id, bytes in
            SubscriberChange(sequence: seq, subscriberID: try SubscriberID(id),
                             subscriber: try bytes.map { try SubscriberDocument.decode($0, cipher: configuration.cipher, id: id, backend: Self.backend) })
        }
    }

    /// The change that tells dispatchers a subscriber is gone.
    private func appendErasure(_ connection: PostgresConnection, id: String, at time: Date) async throws {
        try await connection.query("INSERT INTO subscriber_changes (subscriber_id, document, at) VALUES (\(id), NULL, \(time))", logger: logger)
    }

    /// Appends one change per id, in order; returns the last one's sequence number.
    private func appendChanges(_ connection: PostgresConnection, ids: [String], documents: [ByteBuffer], at time: Date) async throws -> Int64 {
        let rows = try await connection.query("""
            WITH appended AS (
                INSERT INTO subscriber_changes (subscriber_id, document, at)
                SELECT id, document, \(time) FROM unnest(\(ids)::text[], \(documents)::bytea[]) WITH ORDINALITY AS c(id, document, ord)
                ORDER BY ord
                RETURNING sequence
            )
            SELECT max(sequence) FROM appended
            """, logger: logger)
        for try await sequence in rows.decode(Int64?.self) { if let sequence { return sequence } }
        throw StoreError(backend: Self.backend, operation: "append \(ids.count) subscriber changes", reason: "no sequence returned")
    }

    // MARK: Deliveries

    public func claim(_ keys: [DeliveryKey], by worker: String, now: Date, lease: Duration) async throws -> [DeliveryKey: DeliveryClaimResult] {
        guard !keys.isEmpty else { return [:] }
        var byID: [String: DeliveryKey] = [:]
        for key in keys { byID[key.deliveryID] = key }
        let ids = byID.keys.sorted()  // one lock order for every claimer
        let events = ids.map { byID[$0]!.eventID }
        let subscribers = ids.map { byID[$0]!.subscriberID.rawValue }
        let channels = ids.map { byID[$0]!.channel.rawValue }
        let leaseUntil = now.addingTimeInterval(Double(StoreTime.microseconds(lease)) / 1_000_000)
        return try await transaction(operation: "claim \(ids.count) deliveries for \(worker)", uniqueViolationsToo: true) { connection in
            var results: [DeliveryKey: DeliveryClaimResult] = [:]
            // New keys are inserted as claimed; claimable rows are taken over. Every conflicting row is locked
            // by ON CONFLICT DO UPDATE, whether or not its WHERE held, until this transaction ends.
            let claimed = try await connection.query("""
                INSERT INTO deliveries AS d (delivery_id, event_id, subscriber_id, channel, status, attempts, claimed_by,
                                             lease_until, created_at, updated_at)
                SELECT k.delivery_id, k.event_id, k.subscriber_id, k.channel, 'claimed', 1, \(worker), \(leaseUntil), \(now), \(now)
                FROM unnest(\(ids)::text[], \(events)::text[], \(subscribers)::text[], \(channels)::text[])
                     AS k(delivery_id, event_id, subscriber_id, channel)
                ORDER BY k.delivery_id
                ON CONFLICT (delivery_id) DO UPDATE SET status = 'claimed', attempts = d.attempts + 1,
                    claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until, next_attempt_at = NULL,
                    updated_at = EXCLUDED.updated_at
                WHERE d.status IN ('retrying', 'deferred')
                   OR (d.status = 'claimed' AND (d.lease_until IS NULL OR d.lease_until <= EXCLUDED.updated_at
                                                 OR d.claimed_by IS NULL OR d.claimed_by = EXCLUDED.claimed_by))
                RETURNING d.delivery_id, d.attempts
                """, logger: logger)
            for try await (id, attempts) in claimed.decode((String, Int).self) {
                if let key = byID[id] { results[key] = .claimed(attempt: attempts) }
            }
            let rest = ids.filter { results[byID[$0]!] == nil }
            guard !rest.isEmpty else { return results }
            // Locked above, so what this statement (a fresh snapshot) reads stays true until commit.
            let others = try await connection.query("""
                SELECT delivery_id, status, claimed_by, lease_until FROM deliveries WHERE delivery_id = ANY(\(rest)::text[])
                """, logger: logger)
            for try await (id, statusText, holder, until) in others.decode((String, String, String?, Date?).self) {
                guard let key = byID[id] else { continue }
                guard let status = DeliveryStatus(rawValue: statusText) else {
                    throw StoreError(backend: Self.backend, operation: "claim delivery \(id)", reason: "unknown status \(statusText)")
                }
                switch ClaimDecision.decide(status: status, claimedBy: holder, leaseUntil: until, worker: worker, now: now) {
                case .report(let result):
                    results[key] = result
                case .claim:
                    throw StoreError(backend: Self.backend, operation: "claim delivery \(id)",
                                     reason: "the row was claimable but not claimed (status \(statusText))")
                }
            }
            if let missing = rest.first(where: { results[byID[$0]!] == nil }) {
                throw StoreError(backend: Self.backend, operation: "claim delivery \(missing)", reason: "the row vanished during the claim")
            }
            return results
        }
    }

    public func complete(_ outcomes: [(key: DeliveryKey, completion: DeliveryCompletion)], by worker: String, at time: Date) async throws {
        guard !outcomes.isEmpty else { return }
        let ids = outcomes.map(\.key.deliveryID)
        let statuses = outcomes.map(\.completion.status.rawValue)
        let references = outcomes.map { $0.completion.providerReference ?? "" }
        let errors = outcomes.map { $0.completion.lastError ?? "" }
        let hasNext = outcomes.map { $0.completion.nextAttemptAt != nil }
        let next = outcomes.map { $0.completion.nextAttemptAt ?? time }
        let updated: Int = try await transaction(operation: "complete \(outcomes.count) deliveries for \(worker)") { connection in
            // Lock this worker's rows in delivery-id order first, the order claims lock in: no deadlock between them.
            let locked = try await connection.query("""
                SELECT delivery_id FROM deliveries WHERE delivery_id = ANY(\(ids)::text[]) AND status = 'claimed'
                  AND claimed_by = \(worker)
                ORDER BY delivery_id FOR UPDATE
                """, logger: logger)
            guard try await !locked.collect().isEmpty else { return 0 }
            let rows = try await connection.query("""
                UPDATE deliveries AS d SET status = o.status,
                    provider_reference = coalesce(nullif(o.provider_reference, ''), d.provider_reference),
                    last_error = nullif(o.last_error, ''),
                    next_attempt_at = CASE WHEN o.has_next THEN o.next_attempt_at END,
                    lease_until = NULL, updated_at = \(time)
                FROM unnest(\(ids)::text[], \(statuses)::text[], \(references)::text[], \(errors)::text[], \(hasNext)::bool[],
                            \(next)::timestamptz[]) AS o(delivery_id, status, provider_reference, last_error, has_next, next_attempt_at)
                WHERE d.delivery_id = o.delivery_id AND d.status = 'claimed' AND d.claimed_by = \(worker)
                RETURNING d.delivery_id
                """, logger: logger)
            return try await rows.collect().count
        }
        if updated < outcomes.count {
            logger.notice("Ignored completions of deliveries not claimed by this worker",
                          metadata: ["worker": "\(worker)", "ignored": "\(outcomes.count - updated)", "backend": "postgres"])
        }
    }

    public func deliveries(_ keys: [DeliveryKey]) async throws -> [DeliveryKey: DeliveryRecord] {
        var byID: [String: DeliveryKey] = [:]
        for key in keys { byID[key.deliveryID] = key }
        guard !byID.isEmpty else { return [:] }
        let ids = Array(byID.keys)
        return try await attempt("read \(ids.count) deliveries") {
            let rows = try await client.query("""
                SELECT delivery_id, status, attempts, provider_reference, last_error, claimed_by, lease_until, next_attempt_at, created_at, updated_at
                FROM deliveries WHERE delivery_id = ANY(\(ids))
                """)
            var records: [DeliveryKey: DeliveryRecord] = [:]
            for try await row in rows {
                let (id, statusText, attempts, reference, lastError, holder, until, next, created, updated) =
                    try row.decode((String, String, Int, String?, String?, String?, Date?, Date?, Date, Date).self)
                guard let key = byID[id] else { continue }
                guard let status = DeliveryStatus(rawValue: statusText) else {
                    throw StoreError(backend: Self.backend, operation: "read \(key)", reason: "unknown status \(statusText)")
                }
                records[key] = DeliveryRecord(key: key, status: status, attempts: attempts, providerReference: reference, lastError: lastError,
                                              claimedBy: holder, leaseUntil: until, nextAttemptAt: next, createdAt: created, updatedAt: updated)
            }
            return records
        }
    }

    @discardableResult
    public func reopenDeadLettered(_ keys: [DeliveryKey], at time: Date) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        let ids = Array(Set(keys.map(\.deliveryID))).sorted()
        return try await attempt("reopen \(ids.count) dead-lettered deliveries") {
            var reopened = 0
            let rows = try await client.query("""
                UPDATE deliveries SET status = 'retrying', attempts = 0, claimed_by = NULL, lease_until = NULL,
                       next_attempt_at = NULL, updated_at = \(time)
                WHERE status = 'dead-lettered' AND delivery_id = ANY(\(ids))
                RETURNING delivery_id
                """)
            for try await _ in rows.decode(String.self) { reopened += 1 }
            return reopened
        }
    }

    public func deliveryCounts() async throws -> [DeliveryCount] {
        try await attempt("count deliveries") {
            var counts: [DeliveryCount] = []
            let rows = try await client.query("""
                SELECT channel, status, count(*) FROM deliveries GROUP BY channel, status ORDER BY channel, status
                """)
            for try await (channelText, statusText, n) in rows.decode((String, String, Int).self) {
                guard let channel = ChannelKind(rawValue: channelText), let status = DeliveryStatus(rawValue: statusText) else { continue }
                counts.append(DeliveryCount(channel: channel, status: status, count: n))
            }
            return counts
        }
    }

    // MARK: Sandbox

    public func appendSandbox(_ messages: [SandboxMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await attempt("append \(messages.count) sandbox messages") {
            _ = try await client.query("""
                INSERT INTO sandbox_messages (delivery_id, event_id, subscriber_id, channel, masked_address, title, body, captured_at)
                SELECT m.delivery_id, m.event_id, m.subscriber_id, m.channel, m.masked_address, m.title, m.body, m.captured_at
                FROM unnest(\(messages.map(\.deliveryID))::text[], \(messages.map(\.eventID))::text[],
                            \(messages.map(\.subscriberID.rawValue))::text[], \(messages.map(\.channel.rawValue))::text[],
                            \(messages.map(\.maskedAddress))::text[], \(messages.map(\.title))::text[], \(messages.map(\.body))::text[],
                            \(messages.map(\.capturedAt))::timestamptz[])
                     WITH ORDINALITY AS m(delivery_id, event_id, subscriber_id, channel, masked_address, title, body, captured_at, ord)
                ORDER BY m.ord
                """)
        }
    }

    public func sandboxTally() async throws -> SandboxTally {
        try await attempt("count sandbox messages") {
            var tally = SandboxTally(messages: 0, distinctDeliveries: 0)
            for try await (messages, deliveries) in try await client.query(
                "SELECT count(*), count(DISTINCT delivery_id) FROM sandbox_messages").decode((Int, Int).self) {
                tally = SandboxTally(messages: messages, distinctDeliveries: deliveries)
            }
            return tally
        }
    }

    public func recentSandboxMessages(limit: Int) async throws -> [SandboxMessage] {
        try await attempt("read sandbox messages") {
            var messages: [SandboxMessage] = []
            let rows = try await client.query("""
                SELECT sequence, delivery_id, event_id, subscriber_id, channel, masked_address, title, body, captured_at
                FROM sandbox_messages ORDER BY sequence DESC LIMIT \(max(0, limit))
                """)
            for try await row in rows {
                let (sequence, deliveryID, eventID, subscriberID, channelText, masked, title, body, captured) =
                    try row.decode((Int64, String, String, String, String, String, String, String, Date).self)
                guard let channel = ChannelKind(rawValue: channelText) else {
                    throw StoreError(backend: Self.backend, operation: "read sandbox messages", reason: "unknown channel \(channelText)")
                }
                messages.append(SandboxMessage(sequence: sequence, deliveryID: deliveryID, eventID: eventID,
                                               subscriberID: try SubscriberID(subscriberID), channel: channel, maskedAddress: masked,
                                               title: title, body: body, capturedAt: captured))
            }
            return messages
        }
    }

    /// Stops the pool (cancels `run()`) and waits for it to end.
    public func close() async throws {
        runTask.cancel()
        await runTask.value
    }

    // MARK: Raw access for tests (same package only)

    /// Runs a query returning one integer (e.g. `SELECT count(*) …`) through the store's pool.
    package func scalarInt(_ sql: String) async throws -> Int {
        try await attempt("run a raw query") {
            var value = 0
            for try await v in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { value = v }
            return value
        }
    }

    /// Runs a statement without results (schema set-up and clean-up in tests, DDL in migrations).
    package func run(_ sql: String, operation: String) async throws {
        try await attempt(operation) { _ = try await client.query(PostgresQuery(unsafeSQL: sql)).collect() }
    }

    // MARK: Plumbing

    func attempt<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(backend: Self.backend, operation: operation, reason: Self.describe(error))
        }
    }

    /// One transaction on a pooled connection; retried (up to three times in all) when PostgreSQL aborts it
    /// as a deadlock victim or a serialisation failure, which a rolled-back transaction can safely be.
    ///
    /// `uniqueViolationsToo`: also retry on 23505. A claim's `ON CONFLICT (delivery_id)` arbitrates the
    /// primary key only; on a database not yet at migration 4, two claimers inserting the same new key at
    /// the same instant can still collide on its UNIQUE (event_id, subscriber_id, channel). The loser waited
    /// for the winner's commit, so its retry sees the row and goes through `ON CONFLICT` as usual.
    func transaction<T: Sendable>(operation: String, uniqueViolationsToo: Bool = false,
                                          _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let maximumTries = uniqueViolationsToo ? 5 : 3
        var tries = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as StoreError {
                throw error
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
                if let storeError = cause as? StoreError { throw storeError }
                if tries < maximumTries, let cause, Self.isRetryable(cause, uniqueViolationsToo: uniqueViolationsToo) {
                    tries += 1
                    logger.notice("Retrying a store transaction", metadata: ["operation": "\(operation)", "reason": "\(Self.describe(cause))"])
                    continue
                }
                throw StoreError(backend: Self.backend, operation: operation, reason: cause.map(Self.describe) ?? "\(error)")
            } catch {
                throw StoreError(backend: Self.backend, operation: operation, reason: Self.describe(error))
            }
        }
    }

    /// Deadlock detected (40P01) or serialisation failure (40001); unique violation (23505) when asked.
    static func isRetryable(_ error: any Error, uniqueViolationsToo: Bool) -> Bool {
        guard let state = (error as? PSQLError)?.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001" || (uniqueViolationsToo && state == "23505")
    }

    /// The SQLSTATE and the server's primary message (not its DETAIL, which can quote row values).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        var parts = ["\(error.code)"]
        if let state = error.serverInfo?[.sqlState] { parts.append("SQLSTATE \(state)") }
        if let message = error.serverInfo?[.message] { parts.append(message) }
        if let underlying = error.underlying { parts.append("\(underlying)") }
        return parts.joined(separator: ": ")
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first), name.utf8.count <= 63 else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }
}
