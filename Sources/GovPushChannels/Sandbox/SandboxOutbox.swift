import GovPushDomain

/// Where the sandbox channel puts what it would have sent: the store in `govpush dev` (visible in the
/// dashboard), memory in tests. Throwing means "not captured", and the delivery is retried.
public protocol SandboxOutbox: Sendable {
    func capture(_ notification: OutgoingNotification) async throws
}
