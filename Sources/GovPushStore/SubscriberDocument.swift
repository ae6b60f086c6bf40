import Foundation
import GovPushDomain

/// The subscriber as one stored document: its JSON today; encryption will wrap exactly these bytes.
enum SubscriberDocument {
    static func encode(_ subscriber: Subscriber, backend: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return Array(try encoder.encode(subscriber))
        } catch {
            throw StoreError(backend: backend, operation: "encode subscriber \(subscriber.id)", reason: "\(type(of: error))")
        }
    }

    /// `id` is for the message only; a corrupt document's content is never echoed.
    static func decode(_ bytes: [UInt8], id: String, backend: String) throws -> Subscriber {
        do {
            return try JSONDecoder().decode(Subscriber.self, from: Data(bytes))
        } catch {
            throw StoreError(backend: backend, operation: "decode subscriber \(id)",
                             reason: "the stored document is not a valid subscriber (\(bytes.count) bytes)")
        }
    }
}
