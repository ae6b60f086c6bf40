import Foundation
import Synchronization

/// A dedicated OS thread that keeps serving librdkafka's callbacks (delivery reports, logs, errors):
/// its blocking poll never occupies a thread of Swift's cooperative pool.
final class KafkaPollThread: Sendable {
    private let running = Atomic<Bool>(true)
    private let done = DispatchSemaphore(value: 0)
    private let poll: @Sendable () -> Void

    init(name: String, poll: @escaping @Sendable () -> Void) {
        self.poll = poll
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) { self.poll() }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops polling and waits for the current poll (bounded by its timeout) to return.
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        done.wait()
    }
}
