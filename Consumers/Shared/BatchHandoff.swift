import Dispatch
import Synchronization

/// Hands batches from a synchronous producer on its own thread (e.g. an index scan) to an async consumer,
/// holding at most `capacity` batches: the producer blocks (its own thread, never the cooperative pool)
/// until the consumer catches up, so a fan-out of millions streams in bounded memory.
final class BatchHandoff<Batch: Sendable>: Sendable {
    private struct State {
        var batches: [Batch] = []
        var finished = false
        var failure: (any Error)?
        var waiting: CheckedContinuation<Batch?, any Error>?
        var cancelled = false
    }

    private let state = Mutex(State())
    private let space: DispatchSemaphore

    init(capacity: Int = 2) { space = DispatchSemaphore(value: capacity) }

    /// Producer side: waits for room, then hands over. Returns false once the consumer has gone away.
    func put(_ batch: Batch) -> Bool {
        while space.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if state.withLock({ $0.cancelled }) { return false }
        }
        let (continuation, accepted): (CheckedContinuation<Batch?, any Error>?, Bool) = state.withLock { state in
            guard !state.cancelled else { return (nil, false) }
            if let waiting = state.waiting {
                state.waiting = nil
                return (waiting, true)
            }
            state.batches.append(batch)
            return (nil, true)
        }
        if let continuation {
            space.signal()
            continuation.resume(returning: batch)
        }
        return accepted
    }

    /// Producer side: no more batches (or the producer failed).
    func finish(throwing failure: (any Error)? = nil) {
        let continuation = state.withLock { state -> CheckedContinuation<Batch?, any Error>? in
            state.finished = true
            state.failure = failure
            defer { state.waiting = nil }
            return state.waiting
        }
        if let failure { continuation?.resume(throwing: failure) } else { continuation?.resume(returning: nil) }
    }

    /// Consumer side: the next batch, or nil when the producer finished.
    func next() async throws -> Batch? {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Batch?, any Error>? = state.withLock { state in
                if !state.batches.isEmpty { return .success(state.batches.removeFirst()) }
                if state.finished { return state.failure.map { .failure($0) } ?? .success(nil) }
                state.waiting = continuation
                return nil
            }
            if let ready {
                if case .success(.some) = ready { space.signal() }
                continuation.resume(with: ready)
            }
        }
    }

    /// Consumer side: stop early; the producer's next `put` returns false.
    func cancel() {
        state.withLock { $0.cancelled = true }
        space.signal()
    }
}
