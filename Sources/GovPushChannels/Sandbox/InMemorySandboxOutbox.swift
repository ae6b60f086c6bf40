import Synchronization
import GovPushDomain

/// A sandbox outbox in memory, for tests: keeps every captured notification in arrival order.
public final class InMemorySandboxOutbox: SandboxOutbox {
    private let state = Mutex<[OutgoingNotification]>([])

    public init() {}

    public func capture(_ notifications: [OutgoingNotification]) async throws {
        state.withLock { $0.append(contentsOf: notifications) }
    }

    /// Everything captured so far, oldest first.
    public var captured: [OutgoingNotification] { state.withLock { $0 } }
}
