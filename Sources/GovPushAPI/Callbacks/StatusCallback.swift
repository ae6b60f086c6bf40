import Foundation
import GovPushMessaging

/// The JSON a tenant's status callback receives for one delivery outcome (docs/api.md "Status callbacks").
struct StatusCallback: Encodable {
    let notificationId: String
    let eventId: String
    let externalId: String
    let channel: String
    let status: String
    let attempt: Int
    let at: Date

    init(_ record: DeliveryStatusRecord, externalId: String) {
        notificationId = record.deliveryID
        eventId = record.eventID
        self.externalId = externalId
        channel = record.channel
        status = record.status
        attempt = record.attempt
        at = record.at
    }
}
