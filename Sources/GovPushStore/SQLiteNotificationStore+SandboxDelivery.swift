import Foundation
import GovPushChannels
import SQLiteNIO

extension SQLiteNotificationStore {
    public func deliverToSandbox(_ messages: [SandboxMessage], by worker: String, at time: Date) async throws -> Set<String> {
        let messages = SandboxMessage.firstPerDelivery(messages)
        guard !messages.isEmpty else { return [] }
        return try await gate.run {
            try await transaction(operation: "deliver \(messages.count) sandbox messages for \(worker)") {
                var delivered = Set<String>()
                for chunk in messages.chunks(of: Self.rowsPerStatement(binding: 8)) {
                    var binds: [SQLiteData] = []
                    binds.reserveCapacity(chunk.count * 8)
                    for m in chunk {
                        binds += [.text(m.deliveryID), .text(m.eventID), .text(m.subscriberID.rawValue), .text(m.channel.rawValue),
                                  .text(SandboxChannel.providerReference(deliveryID: m.deliveryID)), .text(worker),
                                  Self.time(time), Self.time(time)]
                    }
                    let rows = try await query("""
                        INSERT INTO deliveries (delivery_id, event_id, subscriber_id, channel, status, attempts, provider_reference,
                                                claimed_by, created_at, updated_at)
                        VALUES \(Self.valueRows("(?, ?, ?, ?, 'delivered', 1, ?, ?, ?, ?)", count: chunk.count))
                        ON CONFLICT DO NOTHING RETURNING delivery_id
                        """, binds, operation: "record \(chunk.count) sandbox deliveries")
                    var fresh = Set<String>()
                    for row in rows { if let id = row.columns.first?.data.string { fresh.insert(id) } }
                    try await insertSandboxRows(chunk.filter { fresh.contains($0.deliveryID) })
                    delivered.formUnion(fresh)
                }
                return delivered
            }
        }
    }
}
