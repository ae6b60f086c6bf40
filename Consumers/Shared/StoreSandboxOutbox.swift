import Foundation
import GovPushChannels
import GovPushStore
import Synchronization

/// The sandbox channel's outbox in `govpush dev`: captured messages go to the store, where the dev
/// server and the dashboard show them. Addresses are stored masked only.
///
/// A deliverer captures a whole batch at once, and several deliverers may capture concurrently; captures are
/// group-committed: whoever finds no write in progress writes everything waiting in one transaction, and
/// every capture returns only once its own messages are stored.
public final class StoreSandboxOutbox: SandboxOutbox {
    private typealias Waiter = (messages: [SandboxMessage], done: CheckedContinuation<Void, any Error>)
    private struct State {
        var waiting: [Waiter] = []
        var writing = false
    }

    private let store: any NotificationStore
    private let clock: @Sendable () -> Date
    private let state = Mutex(State())

    public init(store: any NotificationStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clock = clock
    }

    public func capture(_ notifications: [OutgoingNotification]) async throws {
        guard !notifications.isEmpty else { return }
        let capturedAt = clock()
        let messages = notifications.map { SandboxMessage(capturing: $0, at: capturedAt) }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let startWriter = state.withLock { state in
                state.waiting.append((messages, done))
                defer { state.writing = true }
                return !state.writing
            }
            if startWriter { Task { await self.writeWaiting() } }
        }
    }

    /// Whether captures go to `store` itself, the same instance.
    public func writes(to store: any NotificationStore) -> Bool { (self.store as AnyObject) === (store as AnyObject) }

    /// Writes batches until nothing waits, then hands the writer role back.
    private func writeWaiting() async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                let batch = state.waiting
                state.waiting = []
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await store.appendSandbox(batch.flatMap(\.messages))
                for waiter in batch { waiter.done.resume() }
            } catch {
                for waiter in batch { waiter.done.resume(throwing: error) }
            }
        }
    }
}

extension SandboxMessage {
    /// The capture of a notification, its address masked.
    init(capturing notification: OutgoingNotification, at capturedAt: Date) {
        self.init(deliveryID: notification.deliveryID, eventID: notification.eventID, subscriberID: notification.subscriberID,
                  channel: notification.address.kind, maskedAddress: notification.address.description,
                  title: notification.message.title, body: notification.message.body, capturedAt: capturedAt)
    }
}
