import GovPushDomain

/// A channel of any kind that captures notifications instead of sending them, like a test API key in a
/// notification service: `govpush dev`, demos and the end-to-end bench run every pipeline stage but the
/// provider call.
public struct SandboxChannel: BatchNotificationChannel {
    public let kind: ChannelKind
    public let outbox: any SandboxOutbox

    public init(kind: ChannelKind, outbox: any SandboxOutbox) {
        self.kind = kind
        self.outbox = outbox
    }

    public func send(_ notification: OutgoingNotification) async -> ChannelOutcome {
        await send(batch: [notification])[0]
    }

    /// The provider reference a capture is recorded with.
    public static func providerReference(deliveryID: String) -> String { "sandbox-\(deliveryID)" }

    /// Captures the whole batch at once (one store transaction in `govpush dev`).
    public func send(batch: [OutgoingNotification]) async -> [ChannelOutcome] {
        do {
            try await outbox.capture(batch)
            return batch.map { .delivered(providerReference: Self.providerReference(deliveryID: $0.deliveryID)) }
        } catch {
            // The outbox's error describes storage, not the notification, so it is safe to pass on.
            return batch.map {
                .transient(reason: "sandbox outbox did not capture delivery \($0.deliveryID): \(error)", retryAfter: nil)
            }
        }
    }
}
