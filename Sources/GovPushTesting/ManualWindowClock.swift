import Foundation
import GovPushDomain
import Synchronization

/// A clock tests move by hand: `now()` stands still until `advance(to:)`, and sleepers wake exactly when
/// it passes their instant. Runs 5-hour and 48-hour windows in milliseconds, with no timing assertions.
public final class ManualWindowClock: WindowClock {
    private struct Sleeper {
        let id: UInt64
        let until: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(_ start: Date) { state = Mutex(State(now: start)) }

    public func now() -> Date { state.withLock { $0.now } }

    /// How many tasks are sleeping on this clock (a scheduler waiting for its next alert counts one).
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest instant a sleeper waits for.
    public var nextWakeup: Date? { state.withLock { $0.sleepers.map(\.until).min() } }

    public func advance(to instant: Date) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, instant)
            let now = state.now
            let due = state.sleepers.filter { $0.until <= now }
            state.sleepers.removeAll { $0.until <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    public func advance(by seconds: TimeInterval) { advance(to: now().addingTimeInterval(seconds)) }

    public func sleep(until instant: Date) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if instant <= state.now || Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(id: id, until: instant, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }
}
