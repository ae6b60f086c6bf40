import Foundation
import GovPushChannels
import GovPushStore

/// The sandbox channel's outbox in `govpush dev`: captured messages go to the store, where the dev
/// server and the dashboard show them. Addresses are stored masked only.
public struct StoreSandboxOutbox: SandboxOutbox {
    private let store: any NotificationStore
    private let clock: @Sendable () -> Date

    public init(store: any NotificationStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clock = clock
    }

    public func capture(_ notification: OutgoingNotification) async throws {
        try await store.appendSandbox([SandboxMessage(
            deliveryID: notification.deliveryID, eventID: notification.eventID, subscriberID: notification.subscriberID,
            channel: notification.address.kind, maskedAddress: notification.address.description,
            title: notification.message.title, body: notification.message.body, capturedAt: clock()
        )])
    }
}
