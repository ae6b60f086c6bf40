import Foundation
import GovPushChannels
import GovPushDomain
import PostgresNIO

/// The HTTP API's tables on PostgreSQL (migration 3): tenants, nonces, grants, inbox, contact hashes, erasure.
extension PostgresNotificationStore: TenantStore, NonceRegistry, InboxStore, WeChatGrantRecords, PersonalDataStore {
    public var cipher: PersonalDataCipher { configuration.cipher }

    // MARK: Tenants

    public func createTenant(_ tenant: TenantRecord) async throws {
        let sealedSecret = ByteBuffer(bytes: try sealed(tenant.secret, what: "the secret of tenant \(tenant.id)"))
        let scopes = tenant.scopes.joined(separator: ",")
        try await attempt("create tenant \(tenant.id)") {
            _ = try await client.query("""
                INSERT INTO tenants (id, name, scopes, secret, callback_url, created_at)
                VALUES (\(tenant.id), \(tenant.name), \(scopes), \(sealedSecret), \(tenant.callbackURL), \(tenant.createdAt))
                """).collect()
        }
    }

    public func tenant(id: String) async throws -> TenantRecord? {
        let row: (String, String, ByteBuffer, String?, Date)? = try await attempt("read tenant \(id)") {
            var found: (String, String, ByteBuffer, String?, Date)?
            let rows = try await client.query("SELECT name, scopes, secret, callback_url, created_at FROM tenants WHERE id = \(id)")
            for try await row in rows.decode((String, String, ByteBuffer, String?, Date).self) { found = row }
            return found
        }
        guard let (name, scopes, secret, callback, created) = row else { return nil }
        return TenantRecord(id: id, name: name, scopes: scopes.split(separator: ",").map(String.init),
                            secret: try opened(Array(secret.readableBytesView), what: "the secret of tenant \(id)"),
                            callbackURL: callback, createdAt: created)
    }

    @discardableResult
    public func setCallbackURL(_ url: String?, tenant id: String) async throws -> Bool {
        try await attempt("set the callback URL of tenant \(id)") {
            try await !client.query("UPDATE tenants SET callback_url = \(url) WHERE id = \(id) RETURNING id").collect().isEmpty
        }
    }

    // MARK: Nonces

    public func registerNonce(_ nonce: String, keyID: String, expiresAt: Date, now: Date) async throws -> Bool {
        try await attempt("register a nonce of \(keyID)") {
            _ = try await client.query("DELETE FROM api_nonces WHERE expires_at <= \(now)").collect()
            // The primary key arbitrates between API processes: exactly one insert of a nonce succeeds.
            return try await !client.query("""
                INSERT INTO api_nonces (key_id, nonce, expires_at) VALUES (\(keyID), \(nonce), \(expiresAt))
                ON CONFLICT DO NOTHING RETURNING nonce
                """).collect().isEmpty
        }
    }

    // MARK: Inbox

    public func inbox(subscriber: SubscriberID, after cursor: InboxCursor?, limit: Int) async throws -> [InboxEntry] {
        let before = cursor.map { StoreTime.date(microseconds: $0.createdAtMicroseconds) } ?? Date.distantFuture
        let beforeID = cursor?.deliveryID ?? "\u{10FFFF}"
        let rows: [(String, String, String?, String, String, Date, Date, Date?)] = try await attempt("read the inbox of \(subscriber)") {
            var rows: [(String, String, String?, String, String, Date, Date, Date?)] = []
            let result = try await client.query("""
                SELECT d.delivery_id, d.event_id, e.type, d.channel, d.status, d.created_at, d.updated_at, r.read_at
                FROM deliveries d
                LEFT JOIN events e ON e.id = d.event_id
                LEFT JOIN inbox_reads r ON r.subscriber_id = d.subscriber_id AND r.delivery_id = d.delivery_id
                WHERE d.subscriber_id = \(subscriber.rawValue)
                  AND (d.created_at < \(before) OR (d.created_at = \(before) AND d.delivery_id COLLATE "C" < \(beforeID)))
                ORDER BY d.created_at DESC, d.delivery_id COLLATE "C" DESC LIMIT \(max(0, limit))
                """)
            for try await row in result.decode((String, String, String?, String, String, Date, Date, Date?).self) { rows.append(row) }
            return rows
        }
        return try rows.map { id, event, type, channelText, statusText, created, updated, read in
            guard let channel = ChannelKind(rawValue: channelText), let status = DeliveryStatus(rawValue: statusText) else {
                throw StoreError(backend: Self.backend, operation: "read the inbox of \(subscriber)", reason: "unknown channel or status")
            }
            return InboxEntry(deliveryID: id, eventID: event, eventType: type, channel: channel, status: status,
                              createdAt: created, updatedAt: updated, readAt: read)
        }
    }

    public func markRead(subscriber: SubscriberID, deliveryID: String, at time: Date) async throws -> Bool {
        try await attempt("mark \(deliveryID) read") {
            let owned = try await client.query("""
                SELECT 1 FROM deliveries WHERE delivery_id = \(deliveryID) AND subscriber_id = \(subscriber.rawValue)
                """).collect()
            guard !owned.isEmpty else { return false }
            _ = try await client.query("""
                INSERT INTO inbox_reads (subscriber_id, delivery_id, read_at) VALUES (\(subscriber.rawValue), \(deliveryID), \(time))
                ON CONFLICT DO NOTHING
                """).collect()
            return true
        }
    }

    public func deliveryRecord(id: String) async throws -> DeliveryRecord? {
        let row: (String, String, String)? = try await attempt("read delivery \(id)") {
            var found: (String, String, String)?
            let rows = try await client.query("SELECT event_id, subscriber_id, channel FROM deliveries WHERE delivery_id = \(id)")
            for try await row in rows.decode((String, String, String).self) { found = row }
            return found
        }
        guard let (event, subscriber, channelText) = row, let channel = ChannelKind(rawValue: channelText) else { return nil }
        let key = DeliveryKey(eventID: event, subscriberID: try SubscriberID(subscriber), channel: channel)
        guard key.deliveryID == id else { return nil }  // an erased subscriber's anonymised row
        return try await delivery(key)
    }

    // MARK: WeChat grants

    public func recordGrant(_ grant: WeChatGrant) async throws {
        let sealedOpenID = ByteBuffer(bytes: try sealed(Array(grant.openID.utf8), what: "the openid of grant \(grant.id)"))
        let hash = cipher.lookupHash("wechat:" + grant.openID)
        try await attempt("record grant \(grant.id)") {
            _ = try await client.query("""
                INSERT INTO wechat_grants (id, subscriber_id, template_id, openid, openid_hash, scene, granted_at, state, updated_at)
                VALUES (\(grant.id), \(grant.subscriberID.rawValue), \(grant.templateID), \(sealedOpenID), \(hash), \(grant.scene),
                        \(grant.grantedAt), 'available', \(grant.grantedAt))
                """).collect()
        }
    }

    public func remainingGrants(subscriber: SubscriberID) async throws -> [WeChatGrant] {
        let rows: [(String, String, ByteBuffer, Int?, Date)] = try await attempt("list grants of \(subscriber)") {
            var rows: [(String, String, ByteBuffer, Int?, Date)] = []
            let result = try await client.query("""
                SELECT id, template_id, openid, scene, granted_at FROM wechat_grants
                WHERE subscriber_id = \(subscriber.rawValue) AND state IN ('available', 'reserved') ORDER BY granted_at, id
                """)
            for try await row in result.decode((String, String, ByteBuffer, Int?, Date).self) { rows.append(row) }
            return rows
        }
        return try rows.map { try grant($0, subscriber: subscriber) }
    }

    public func reserveGrant(subscriber: SubscriberID, templateID: String, deliveryID: String, at time: Date) async throws -> WeChatGrant? {
        let row: (String, String, ByteBuffer, Int?, Date)? = try await transaction(operation: "reserve a grant for \(deliveryID)") { connection in
            let held = try await connection.query("""
                SELECT id, template_id, openid, scene, granted_at FROM wechat_grants WHERE delivery_id = \(deliveryID) AND state = 'reserved'
                """, logger: logger)
            for try await row in held.decode((String, String, ByteBuffer, Int?, Date).self) { return row }
            // SKIP LOCKED: concurrent deliverers each take a different grant instead of queueing on one row.
            let free = try await connection.query("""
                UPDATE wechat_grants SET state = 'reserved', delivery_id = \(deliveryID), updated_at = \(time)
                WHERE id = (SELECT id FROM wechat_grants
                            WHERE subscriber_id = \(subscriber.rawValue) AND template_id = \(templateID) AND state = 'available'
                            ORDER BY granted_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id, template_id, openid, scene, granted_at
                """, logger: logger)
            for try await row in free.decode((String, String, ByteBuffer, Int?, Date).self) { return row }
            return nil
        }
        return try row.map { try grant($0, subscriber: subscriber) }
    }

    public func consumeGrant(id: String, at time: Date) async throws {
        try await attempt("mark grant \(id) spent") {
            _ = try await client.query("""
                UPDATE wechat_grants SET state = 'spent', updated_at = \(time) WHERE id = \(id) AND state = 'reserved'
                """).collect()
        }
    }

    public func releaseGrant(id: String, at time: Date) async throws {
        try await attempt("release grant \(id)") {
            _ = try await client.query("""
                UPDATE wechat_grants SET state = 'available', delivery_id = NULL, updated_at = \(time) WHERE id = \(id) AND state = 'reserved'
                """).collect()
        }
    }

    public func revokeGrants(subscriber: SubscriberID, templateID: String, at time: Date) async throws {
        try await attempt("revoke grants of \(subscriber)") {
            _ = try await client.query("""
                UPDATE wechat_grants SET state = 'revoked', delivery_id = NULL, updated_at = \(time)
                WHERE subscriber_id = \(subscriber.rawValue) AND template_id = \(templateID) AND state IN ('available', 'reserved')
                """).collect()
        }
    }

    private func grant(_ row: (String, String, ByteBuffer, Int?, Date), subscriber: SubscriberID) throws -> WeChatGrant {
        let (id, template, openID, scene, granted) = row
        let clear = try opened(Array(openID.readableBytesView), what: "the openid of grant \(id)")
        return WeChatGrant(id: id, subscriberID: subscriber, templateID: template, openID: String(decoding: clear, as: UTF8.self),
                           scene: scene, grantedAt: granted)
    }

    // MARK: Personal data

    /// Called inside `upsertSubscribers`' transaction.
    func replaceContactHashes(of subscribers: [Subscriber], on connection: PostgresConnection) async throws {
        let rows = subscribers.flatMap { subscriber in
            Set(subscriber.channels.map { cipher.lookupHash(ContactLookup.key($0)) }).map { (subscriber.id.rawValue, $0) }
        }
        try await connection.query("DELETE FROM subscriber_contacts WHERE subscriber_id = ANY(\(subscribers.map(\.id.rawValue))::text[])", logger: logger)
        try await connection.query("""
            INSERT INTO subscriber_contacts (subscriber_id, lookup_hash) SELECT * FROM unnest(\(rows.map(\.0))::text[], \(rows.map(\.1))::text[])
            """, logger: logger)
    }

    public func subscriberIDs(withContactHashes hashes: [String]) async throws -> [SubscriberID] {
        guard !hashes.isEmpty else { return [] }
        let ids: [String] = try await attempt("look up subscribers by contact") {
            var ids: [String] = []
            let rows = try await client.query("""
                SELECT DISTINCT subscriber_id FROM subscriber_contacts WHERE lookup_hash = ANY(\(hashes)::text[]) ORDER BY subscriber_id
                """)
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
        return try ids.map { try SubscriberID($0) }
    }

    @discardableResult
    public func eraseSubscriber(_ id: SubscriberID, at time: Date) async throws -> Bool {
        let existed = try await deleteSubscriber(id, at: time)
        try await transaction(operation: "erase subscriber \(id.rawValue)") { connection in
            try await connection.query("DELETE FROM wechat_grants WHERE subscriber_id = \(id.rawValue)", logger: logger)
            try await connection.query("DELETE FROM subscriber_contacts WHERE subscriber_id = \(id.rawValue)", logger: logger)
            try await connection.query("DELETE FROM inbox_reads WHERE subscriber_id = \(id.rawValue)", logger: logger)
            try await connection.query("""
                UPDATE deliveries SET subscriber_id = 'erased:' || delivery_id WHERE subscriber_id = \(id.rawValue)
                """, logger: logger)
        }
        return existed
    }

    public func reencryptPersonalData() async throws -> Int {
        try await transaction(operation: "re-encrypt personal data") { connection in
            var rewritten = 0
            for (table, key, column) in [("subscribers", "id", "document"), ("subscriber_changes", "sequence::text", "document"),
                                         ("wechat_grants", "id", "openid"), ("tenants", "id", "secret")] {
                var rows: [(String, ByteBuffer)] = []
                let result = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT \(key), \(column) FROM \(table) WHERE \(column) IS NOT NULL FOR UPDATE"), logger: logger)
                for try await row in result.decode((String, ByteBuffer).self) { rows.append(row) }
                let keyColumn = key.replacingOccurrences(of: "::text", with: "")
                for (rowKey, value) in rows {
                    let bytes = Array(value.readableBytesView)
                    guard cipher.needsReencryption(bytes) else { continue }
                    let clear = PersonalDataCipher.isSealed(bytes) ? try opened(bytes, what: "a value in \(table).\(column)") : bytes
                    var bindings = PostgresBindings()
                    bindings.append(ByteBuffer(bytes: try sealed(clear, what: "\(table).\(column)")))
                    bindings.append(rowKey)
                    try await connection.query(PostgresQuery(unsafeSQL: "UPDATE \(table) SET \(column) = $1 WHERE \(keyColumn)::text = $2",
                                                             binds: bindings), logger: logger)
                    rewritten += 1
                }
            }
            var documents: [(String, ByteBuffer)] = []
            for try await row in try await connection.query("SELECT id, document FROM subscribers", logger: logger).decode((String, ByteBuffer).self) {
                documents.append(row)
            }
            let subscribers = try documents.map { id, document in
                try SubscriberDocument.decode(Array(document.readableBytesView), cipher: cipher, id: id, backend: Self.backend)
            }
            for chunk in subscribers.chunks(of: Self.subscribersPerStatement) { try await replaceContactHashes(of: Array(chunk), on: connection) }
            var grants: [(String, ByteBuffer)] = []
            for try await row in try await connection.query("SELECT id, openid FROM wechat_grants", logger: logger).decode((String, ByteBuffer).self) {
                grants.append(row)
            }
            for (id, openID) in grants {
                let clear = String(decoding: try opened(Array(openID.readableBytesView), what: "a grant openid"), as: UTF8.self)
                try await connection.query("UPDATE wechat_grants SET openid_hash = \(cipher.lookupHash("wechat:" + clear)) WHERE id = \(id)",
                                           logger: logger)
            }
            return rewritten
        }
    }

    func sealed(_ bytes: [UInt8], what: String) throws -> [UInt8] {
        do { return try cipher.seal(bytes) } catch {
            throw StoreError(backend: Self.backend, operation: "encrypt \(what)", reason: error.description)
        }
    }

    func opened(_ bytes: [UInt8], what: String) throws -> [UInt8] {
        do { return try cipher.open(bytes) } catch {
            throw StoreError(backend: Self.backend, operation: "decrypt \(what)", reason: error.description)
        }
    }
}
