import Foundation
import GovPushDomain
import GovPushStore
import Testing

@Suite struct DeliveryKeyTests {
    let key = DeliveryKey(eventID: "evt-0001", subscriberID: try! SubscriberID("wst-42"), channel: .app)

    /// Receivers deduplicate on this id and stored records are keyed by it: it must never change.
    @Test func deliveryIDIsTheFirst16BytesOfSHA256InLowercaseHex() {
        // python3: hashlib.sha256("evt-0001\x1fwst-42\x1fapp".encode()).digest()[:16].hex()
        #expect(key.deliveryID == "a38568586a07d285f9869d00800c8197")
    }

    @Test func keysDifferingInAnyPartDiffer() throws {
        let others = [
            DeliveryKey(eventID: "evt-0002", subscriberID: try SubscriberID("wst-42"), channel: .app),
            DeliveryKey(eventID: "evt-0001", subscriberID: try SubscriberID("wst-43"), channel: .app),
            DeliveryKey(eventID: "evt-0001", subscriberID: try SubscriberID("wst-42"), channel: .sms),
        ]
        for other in others {
            #expect(other != key && other.deliveryID != key.deliveryID)
        }
        #expect(Set(others + [key, key]).count == 4)
    }

    @Test func codableRoundTripKeepsTheKeyAndNotTheDerivedID() throws {
        let json = try JSONEncoder().encode(key)
        let fields = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(fields.keys) == ["eventID", "subscriberID", "channel"])
        let decoded = try JSONDecoder().decode(DeliveryKey.self, from: json)
        #expect(decoded == key && decoded.deliveryID == key.deliveryID)
    }
}
