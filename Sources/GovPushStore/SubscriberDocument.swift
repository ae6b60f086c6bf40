import Foundation
import GovPushDomain

/// The subscriber as one stored document: its JSON, sealed with the store's `PersonalDataCipher` (it holds
/// phone numbers, e-mail addresses and openids). Documents written before encryption (plain JSON) still
/// read, and `reencryptPersonalData` seals them.
enum SubscriberDocument {
    static func encode(_ subscriber: Subscriber, cipher: PersonalDataCipher, backend: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try cipher.seal(Array(try encoder.encode(subscriber)))
        } catch {
            throw StoreError(backend: backend, operation: "encode subscriber \(subscriber.id)", reason: "\(error)")
        }
    }

    /// `id` is for the message only; a corrupt document's content is never echoed.
    static func decode(_ bytes: [UInt8], cipher: PersonalDataCipher, id: String, backend: String) throws -> Subscriber {
        let json: [UInt8]
        if PersonalDataCipher.isSealed(bytes) {
            do { json = try cipher.open(bytes) } catch {
                throw StoreError(backend: backend, operation: "decrypt subscriber \(id)", reason: error.description)
            }
        } else {
            json = bytes
        }
        do {
            return try JSONDecoder().decode(Subscriber.self, from: Data(json))
        } catch {
            throw StoreError(backend: backend, operation: "decode subscriber \(id)",
                             reason: "the stored document is not a valid subscriber (\(bytes.count) bytes)")
        }
    }
}
