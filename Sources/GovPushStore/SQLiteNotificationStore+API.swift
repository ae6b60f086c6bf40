import Foundation
import GovPushChannels
import GovPushDomain
import SQLiteNIO

/// The HTTP API's tables on SQLite (migration 3): tenants, nonces, grants, inbox, contact hashes, erasure.
extension SQLiteNotificationStore: TenantStore, NonceRegistry, InboxStore, WeChatGrantRecords, PersonalDataStore {
    public var cipher: PersonalDataCipher { configuration.cipher }

    // MARK: Tenants

    public func createTenant(_ tenant: TenantRecord) async throws {
        let sealedSecret = try sealed(tenant.secret, what: "the secret of tenant \(tenant.id)")
        try await gate.run {
            try await execute("""
                INSERT INTO tenants (id, name, scopes, secret, callback_url, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(tenant.id), .text(tenant.name), .text(tenant.scopes.joined(separator: ",")), .blob(ByteBuffer(bytes: sealedSecret)),
                      tenant.callbackURL.map { .text($0) } ?? .null, Self.time(tenant.createdAt)], operation: "create tenant \(tenant.id)")
        }
    }

    public func tenant(id: String) async throws -> TenantRecord? {
        let row = try await gate.run {
            try await query("SELECT name, scopes, secret, callback_url, created_at FROM tenants WHERE id = ?", [.text(id)]).first
        }
        guard let row else { return nil }
        return TenantRecord(
            id: id, name: row.column("name")?.string ?? "", scopes: (row.column("scopes")?.string ?? "").split(separator: ",").map(String.init),
            secret: try opened(Self.bytes(row.column("secret")), what: "the secret of tenant \(id)"),
            callbackURL: row.column("callback_url").flatMap { $0.isNull ? nil : $0.string },
            createdAt: Self.date(row.column("created_at")) ?? .distantPast)
    }

    @discardableResult
    public func setCallbackURL(_ url: String?, tenant id: String) async throws -> Bool {
        try await gate.run {
            try await execute("UPDATE tenants SET callback_url = ? WHERE id = ?", [url.map { .text($0) } ?? .null, .text(id)],
                              operation: "set the callback URL of tenant \(id)")
            return try await changes() == 1
        }
    }

    // MARK: Nonces

    public func registerNonce(_ nonce: String, keyID: String, expiresAt: Date, now: Date) async throws -> Bool {
        try await gate.run {
            try await transaction(operation: "register a nonce of \(keyID)") {
                try await execute("DELETE FROM api_nonces WHERE expires_at <= ?", [Self.time(now)], operation: "purge expired nonces")
                try await execute("INSERT INTO api_nonces (key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                  [.text(keyID), .text(nonce), Self.time(expiresAt)], operation: "register a nonce of \(keyID)")
                return try await changes() == 1
            }
        }
    }

    // MARK: Inbox

    public func inbox(subscriber: SubscriberID, after cursor: InboxCursor?, limit: Int) async throws -> [InboxEntry] {
        let rows = try await gate.run {
            try await query("""
                SELECT d.delivery_id, d.event_id, e.type, d.channel, d.status, d.created_at, d.updated_at, r.read_at
                FROM deliveries d
                LEFT JOIN events e ON e.id = d.event_id
                LEFT JOIN inbox_reads r ON r.subscriber_id = d.subscriber_id AND r.delivery_id = d.delivery_id
                WHERE d.subscriber_id = ? AND (d.created_at < ? OR (d.created_at = ? AND d.delivery_id < ?))
                ORDER BY d.created_at DESC, d.delivery_id DESC LIMIT ?
                """, [.text(subscriber.rawValue), .integer(Int(cursor?.createdAtMicroseconds ?? Int64.max)),
                      .integer(Int(cursor?.createdAtMicroseconds ?? Int64.max)), .text(cursor?.deliveryID ?? "\u{10FFFF}"),
                      .integer(max(0, limit))])
        }
        return try rows.map { row in
            let channelText = row.column("channel")?.string ?? "", statusText = row.column("status")?.string ?? ""
            guard let channel = ChannelKind(rawValue: channelText), let status = DeliveryStatus(rawValue: statusText) else {
                throw StoreError(backend: Self.backend, operation: "read the inbox of \(subscriber)", reason: "unknown channel or status")
            }
            return InboxEntry(deliveryID: row.column("delivery_id")?.string ?? "", eventID: row.column("event_id")?.string ?? "",
                              eventType: row.column("type").flatMap { $0.isNull ? nil : $0.string }, channel: channel, status: status,
                              createdAt: Self.date(row.column("created_at")) ?? .distantPast,
                              updatedAt: Self.date(row.column("updated_at")) ?? .distantPast, readAt: Self.date(row.column("read_at")))
        }
    }

    public func markRead(subscriber: SubscriberID, deliveryID: String, at time: Date) async throws -> Bool {
        try await gate.run {
            try await transaction(operation: "mark \(deliveryID) read") {
                let owned = try await query("SELECT 1 FROM deliveries WHERE delivery_id = ? AND subscriber_id = ?",
                                            [.text(deliveryID), .text(subscriber.rawValue)])
                guard !owned.isEmpty else { return false }
                try await execute("INSERT INTO inbox_reads (subscriber_id, delivery_id, read_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                  [.text(subscriber.rawValue), .text(deliveryID), Self.time(time)], operation: "mark \(deliveryID) read")
                return true
            }
        }
    }

    public func deliveryRecord(id: String) async throws -> DeliveryRecord? {
        let row = try await gate.run {
            try await query("SELECT event_id, subscriber_id, channel FROM deliveries WHERE delivery_id = ?", [.text(id)]).first
        }
        guard let row, let channel = row.column("channel")?.string.flatMap(ChannelKind.init(rawValue:)) else { return nil }
        let key = DeliveryKey(eventID: row.column("event_id")?.string ?? "",
                              subscriberID: try SubscriberID(row.column("subscriber_id")?.string ?? ""), channel: channel)
        // An erased subscriber's rows keep their delivery id, which is no longer the hash of the key.
        guard key.deliveryID == id else { return nil }
        return try await delivery(key)
    }

    // MARK: WeChat grants

    public func recordGrant(_ grant: WeChatGrant) async throws {
        let sealedOpenID = try sealed(Array(grant.openID.utf8), what: "the openid of grant \(grant.id)")
        try await gate.run {
            try await execute("""
                INSERT INTO wechat_grants (id, subscriber_id, template_id, openid, openid_hash, scene, granted_at, state, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'available', ?)
                """, [.text(grant.id), .text(grant.subscriberID.rawValue), .text(grant.templateID), .blob(ByteBuffer(bytes: sealedOpenID)),
                      .text(cipher.lookupHash("wechat:" + grant.openID)), grant.scene.map { .integer($0) } ?? .null,
                      Self.time(grant.grantedAt), Self.time(grant.grantedAt)], operation: "record grant \(grant.id)")
        }
    }

    public func remainingGrants(subscriber: SubscriberID) async throws -> [WeChatGrant] {
        let rows = try await gate.run {
            try await query("""
                SELECT id, template_id, openid, scene, granted_at FROM wechat_grants
                WHERE subscriber_id = ? AND state IN ('available', 'reserved') ORDER BY granted_at, id
                """, [.text(subscriber.rawValue)])
        }
        return try rows.map { try grant($0, subscriber: subscriber) }
    }

    public func reserveGrant(subscriber: SubscriberID, templateID: String, deliveryID: String, at time: Date) async throws -> WeChatGrant? {
        let row: SQLiteRow? = try await gate.run {
            try await transaction(operation: "reserve a grant for \(deliveryID)") {
                let select = "SELECT id, template_id, openid, scene, granted_at FROM wechat_grants"
                if let held = try await query("\(select) WHERE delivery_id = ? AND state = 'reserved'", [.text(deliveryID)]).first {
                    return held
                }
                guard let free = try await query("""
                    \(select) WHERE subscriber_id = ? AND template_id = ? AND state = 'available' ORDER BY granted_at, id LIMIT 1
                    """, [.text(subscriber.rawValue), .text(templateID)]).first else { return nil }
                try await execute("UPDATE wechat_grants SET state = 'reserved', delivery_id = ?, updated_at = ? WHERE id = ?",
                                  [.text(deliveryID), Self.time(time), .text(free.column("id")?.string ?? "")],
                                  operation: "reserve a grant for \(deliveryID)")
                return free
            }
        }
        return try row.map { try grant($0, subscriber: subscriber) }
    }

    public func consumeGrant(id: String, at time: Date) async throws {
        try await setGrantState(id: id, to: "spent", from: "reserved", keepDelivery: true, at: time)
    }

    public func releaseGrant(id: String, at time: Date) async throws {
        try await setGrantState(id: id, to: "available", from: "reserved", keepDelivery: false, at: time)
    }

    public func revokeGrants(subscriber: SubscriberID, templateID: String, at time: Date) async throws {
        try await gate.run {
            try await execute("""
                UPDATE wechat_grants SET state = 'revoked', delivery_id = NULL, updated_at = ?
                WHERE subscriber_id = ? AND template_id = ? AND state IN ('available', 'reserved')
                """, [Self.time(time), .text(subscriber.rawValue), .text(templateID)], operation: "revoke grants of \(subscriber)")
        }
    }

    private func setGrantState(id: String, to state: String, from current: String, keepDelivery: Bool, at time: Date) async throws {
        try await gate.run {
            try await execute("""
                UPDATE wechat_grants SET state = ?, delivery_id = \(keepDelivery ? "delivery_id" : "NULL"), updated_at = ?
                WHERE id = ? AND state = ?
                """, [.text(state), Self.time(time), .text(id), .text(current)], operation: "mark grant \(id) \(state)")
        }
    }

    private func grant(_ row: SQLiteRow, subscriber: SubscriberID) throws -> WeChatGrant {
        let id = row.column("id")?.string ?? ""
        let openID = try opened(Self.bytes(row.column("openid")), what: "the openid of grant \(id)")
        return WeChatGrant(id: id, subscriberID: subscriber, templateID: row.column("template_id")?.string ?? "",
                           openID: String(decoding: openID, as: UTF8.self),
                           scene: row.column("scene").flatMap { $0.isNull ? nil : $0.integer },
                           grantedAt: Self.date(row.column("granted_at")) ?? .distantPast)
    }

    // MARK: Personal data

    /// Called inside `upsertSubscribers`' transaction (the caller holds the gate).
    func replaceContactHashes(of subscribers: [Subscriber]) async throws {
        for chunk in subscribers.chunks(of: Self.rowsPerStatement(binding: 1)) {
            try await execute("DELETE FROM subscriber_contacts WHERE subscriber_id IN (\(Self.placeholders(chunk.count)))",
                              chunk.map { .text($0.id.rawValue) }, operation: "replace contact hashes of \(chunk.count) subscribers")
        }
        let rows = subscribers.flatMap { subscriber in
            Set(subscriber.channels.map { cipher.lookupHash(ContactLookup.key($0)) }).map { (subscriber.id.rawValue, $0) }
        }
        for chunk in rows.chunks(of: Self.rowsPerStatement(binding: 2)) {
            try await execute("""
                INSERT INTO subscriber_contacts (subscriber_id, lookup_hash)
                VALUES \(Self.valueRows("(?, ?)", count: chunk.count))
                """, chunk.flatMap { [.text($0.0), .text($0.1)] }, operation: "replace contact hashes of \(subscribers.count) subscribers")
        }
    }

    public func subscriberIDs(withContactHashes hashes: [String]) async throws -> [SubscriberID] {
        guard !hashes.isEmpty else { return [] }
        let rows = try await gate.run {
            try await query("SELECT DISTINCT subscriber_id FROM subscriber_contacts WHERE lookup_hash IN (\(Self.placeholders(hashes.count))) ORDER BY subscriber_id",
                            hashes.map { .text($0) })
        }
        return try rows.map { try SubscriberID($0.column("subscriber_id")?.string ?? "") }
    }

    @discardableResult
    public func eraseSubscriber(_ id: SubscriberID, at time: Date) async throws -> Bool {
        let existed = try await deleteSubscriber(id, at: time)
        try await gate.run {
            try await transaction(operation: "erase subscriber \(id.rawValue)") {
                let binds: [SQLiteData] = [.text(id.rawValue)]
                try await execute("DELETE FROM wechat_grants WHERE subscriber_id = ?", binds, operation: "erase grants of \(id.rawValue)")
                try await execute("DELETE FROM subscriber_contacts WHERE subscriber_id = ?", binds, operation: "erase contact hashes of \(id.rawValue)")
                try await execute("DELETE FROM inbox_reads WHERE subscriber_id = ?", binds, operation: "erase inbox state of \(id.rawValue)")
                try await execute("UPDATE deliveries SET subscriber_id = 'erased:' || delivery_id WHERE subscriber_id = ?", binds,
                                  operation: "anonymise deliveries of \(id.rawValue)")
            }
            // Move the zeroed pages into the database file and empty the WAL, which still holds the old pages.
            _ = try await query("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return existed
    }

    public func reencryptPersonalData() async throws -> Int {
        try await gate.run {
            try await transaction(operation: "re-encrypt personal data") {
                var rewritten = 0
                for (table, key, column) in [("subscribers", "id", "document"), ("subscriber_changes", "sequence", "document"),
                                             ("wechat_grants", "id", "openid"), ("tenants", "id", "secret")] {
                    for row in try await query("SELECT \(key) AS k, \(column) AS v FROM \(table) WHERE \(column) IS NOT NULL") {
                        let value = Self.bytes(row.column("v"))
                        guard cipher.needsReencryption(value), let rowKey = row.column("k") else { continue }
                        let clear = PersonalDataCipher.isSealed(value) ? try opened(value, what: "a value in \(table).\(column)") : value
                        try await execute("UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", [.blob(ByteBuffer(bytes: try sealed(clear, what: "\(table).\(column)"))), rowKey],
                                          operation: "re-encrypt \(table).\(column)")
                        rewritten += 1
                    }
                }
                // Lookup hashes follow the primary key: recompute them from the (now readable) documents and grants.
                let subscribers = try await query("SELECT id, document FROM subscribers").map { row in
                    try SubscriberDocument.decode(Self.bytes(row.column("document")), cipher: cipher, id: row.column("id")?.string ?? "", backend: Self.backend)
                }
                try await replaceContactHashes(of: subscribers)
                for row in try await query("SELECT id, openid FROM wechat_grants") {
                    let openID = String(decoding: try opened(Self.bytes(row.column("openid")), what: "a grant openid"), as: UTF8.self)
                    try await execute("UPDATE wechat_grants SET openid_hash = ? WHERE id = ?",
                                      [.text(cipher.lookupHash("wechat:" + openID)), .text(row.column("id")?.string ?? "")],
                                      operation: "rehash grant openids")
                }
                return rewritten
            }
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
