import Foundation
import GovPushDomain

/// The subscriber as one stored document: its compact binary form (`SubscriberCodec`), sealed with the
/// store's `PersonalDataCipher` (it holds phone numbers, e-mail addresses and openids). Documents written
/// earlier, as JSON or before encryption, still read, and `reencryptPersonalData` rewrites them.
enum SubscriberDocument {
    static func encode(_ subscriber: Subscriber, cipher: PersonalDataCipher, backend: String) throws -> [UInt8] {
        do {
            return try cipher.seal(SubscriberCodec.encode(subscriber))
        } catch {
            throw StoreError(backend: backend, operation: "encode subscriber \(subscriber.id)", reason: "\(error)")
        }
    }

    /// `id` is for the message only; a corrupt document's content is never echoed.
    static func decode(_ bytes: [UInt8], cipher: PersonalDataCipher, id: String, backend: String) throws -> Subscriber {
        let clear: [UInt8]
        if PersonalDataCipher.isSealed(bytes) {
            do { clear = try cipher.open(bytes) } catch {
                throw StoreError(backend: backend, operation: "decrypt subscriber \(id)", reason: error.description)
            }
        } else {
            clear = bytes
        }
        if SubscriberCodec.isBinary(clear) {
            do { return try SubscriberCodec.decode(clear) } catch {
                throw StoreError(backend: backend, operation: "decode subscriber \(id)", reason: error.description)
            }
        }
        do {
            return try JSONDecoder().decode(Subscriber.self, from: Data(clear))
        } catch {
            throw StoreError(backend: backend, operation: "decode subscriber \(id)",
                             reason: "the stored document is not a valid subscriber (\(bytes.count) bytes)")
        }
    }
}
