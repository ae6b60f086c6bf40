import Foundation
import Synchronization

/// A per-channel rate limit: `rate` sends per second on average, bursts up to `burst`.
public final class TokenBucket: Sendable {
    private struct State { var tokens: Double; var updated: ContinuousClock.Instant }
    private let rate: Double
    private let burst: Double
    private let state: Mutex<State>

    public init(ratePerSecond: Double, burst: Int) {
        precondition(ratePerSecond > 0 && burst > 0, "a token bucket needs a positive rate and burst")
        self.rate = ratePerSecond
        self.burst = Double(burst)
        self.state = Mutex(State(tokens: Double(burst), updated: .now))
    }

    /// Takes a token if one is available at `now`; otherwise returns how long until one will be.
    func take(now: ContinuousClock.Instant) -> Duration? {
        state.withLock { state in
            let elapsed = now - state.updated
            state.tokens = min(burst, state.tokens + elapsed.seconds * rate)
            state.updated = now
            if state.tokens >= 1 {
                state.tokens -= 1
                return nil
            }
            return .seconds((1 - state.tokens) / rate)
        }
    }

    /// Waits until a token is available and takes it.
    public func acquire() async throws {
        while let wait = take(now: .now) { try await Task.sleep(for: wait) }
    }
}
