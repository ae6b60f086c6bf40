import GovPushDomain

/// Where the sandbox channel puts what it would have sent: the store in `govpush dev` (visible in the
/// dashboard), memory in tests. Throwing means "none of them captured", and the deliveries are retried.
public protocol SandboxOutbox: Sendable {
    /// Captures every notification, or none.
    func capture(_ notifications: [OutgoingNotification]) async throws
}
