import Foundation

/// Time for the alert scheduler: what time it is, and sleeping until an instant. Injected, so tests run
/// 5-hour and 48-hour windows on a clock they move (STYLE.md "Habits").
public protocol WindowClock: Sendable {
    func now() -> Date
    /// Returns at `instant` or later; throws `CancellationError` when the task is cancelled.
    func sleep(until instant: Date) async throws
}

/// The machine's clock.
public struct SystemWindowClock: WindowClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until instant: Date) async throws {
        let seconds = instant.timeIntervalSinceNow
        guard seconds > 0 else { return }
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }
}
