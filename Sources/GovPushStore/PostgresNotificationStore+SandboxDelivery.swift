import Foundation
import GovPushChannels
import PostgresNIO

extension PostgresNotificationStore {
    public func deliverToSandbox(_ messages: [SandboxMessage], by worker: String, at time: Date) async throws -> Set<String> {
        let messages = SandboxMessage.firstPerDelivery(messages)
        guard !messages.isEmpty else { return [] }
        let ids = messages.map(\.deliveryID)
        let references = ids.map { SandboxChannel.providerReference(deliveryID: $0) }
        return try await transaction(operation: "deliver \(messages.count) sandbox messages for \(worker)") { connection in
            // One statement: the records inserted (in delivery-id order, the order claims lock in) and the
            // captures of exactly those.
            let rows = try await connection.query("""
                WITH m AS (
                    SELECT * FROM unnest(\(ids)::text[], \(messages.map(\.eventID))::text[],
                                         \(messages.map(\.subscriberID.rawValue))::text[], \(messages.map(\.channel.rawValue))::text[],
                                         \(references)::text[], \(messages.map(\.maskedAddress))::text[], \(messages.map(\.title))::text[],
                                         \(messages.map(\.body))::text[], \(messages.map(\.capturedAt))::timestamptz[])
                        WITH ORDINALITY AS m(delivery_id, event_id, subscriber_id, channel, provider_reference, masked_address,
                                             title, body, captured_at, ord)
                ), fresh AS (
                    INSERT INTO deliveries (delivery_id, event_id, subscriber_id, channel, status, attempts, provider_reference,
                                            claimed_by, created_at, updated_at)
                    SELECT m.delivery_id, m.event_id, m.subscriber_id, m.channel, 'delivered', 1, m.provider_reference,
                           \(worker), \(time), \(time)
                    FROM m ORDER BY m.delivery_id
                    ON CONFLICT (delivery_id) DO NOTHING
                    RETURNING delivery_id
                )
                INSERT INTO sandbox_messages (delivery_id, event_id, subscriber_id, channel, masked_address, title, body, captured_at)
                SELECT m.delivery_id, m.event_id, m.subscriber_id, m.channel, m.masked_address, m.title, m.body, m.captured_at
                FROM m JOIN fresh USING (delivery_id)
                ORDER BY m.ord
                RETURNING delivery_id
                """, logger: logger)
            var delivered = Set<String>()
            for try await id in rows.decode(String.self) { delivered.insert(id) }
            return delivered
        }
    }
}
