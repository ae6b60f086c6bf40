import Foundation
import Synchronization

/// The per-bot sliding window that keeps GovPush under WeCom's 20 messages a minute: the sends of the last
/// 60 seconds are remembered per bot key, and a message of n parts is admitted only when n more fit. When it
/// does not, the answer says how long until enough of the window has slid by, so the deliverer retries then
/// instead of a worker blocking.
///
/// It also remembers how many parts of a split delivery already went out, so a retry after a failure in the
/// middle resumes there instead of repeating earlier parts in the group (within this process).
public final class WeComSendWindow: Sendable {
    private struct State {
        var sends: [String: [Date]] = [:]
        var partsSent: [String: Int] = [:]
    }

    public let limit: Int
    public let length: TimeInterval
    private let state = Mutex(State())

    public init(limit: Int = 20, length: Duration = .seconds(60)) {
        self.limit = limit
        self.length = TimeInterval(length.components.seconds)
    }

    /// Takes `count` sends for `bot` at `now`, or answers how long to wait until they would fit.
    public func admit(bot: String, count: Int, now: Date) -> Duration? {
        state.withLock { state in
            // A send exactly `length` ago has left the window; the microsecond absorbs Date's floating-point rounding.
            var recent = (state.sends[bot] ?? []).filter { now.timeIntervalSince($0) < length - 1e-6 }
            defer { state.sends[bot] = recent.isEmpty ? nil : recent }
            if recent.count + count <= limit {
                recent.append(contentsOf: Array(repeating: now, count: count))
                return nil
            }
            // The oldest sends that must leave the window before `count` more fit.
            let mustExpire = recent.count + count - limit
            let freedAt = recent[min(mustExpire, recent.count) - 1].addingTimeInterval(length)
            return .milliseconds(max(1, Int((freedAt.timeIntervalSince(now) * 1000).rounded(.up))))
        }
    }

    func partsSent(delivery: String) -> Int { state.withLock { $0.partsSent[delivery] ?? 0 } }

    func recordPartsSent(_ count: Int, delivery: String) {
        state.withLock { $0.partsSent[delivery] = count }
    }

    func forget(delivery: String) {
        _ = state.withLock { $0.partsSent.removeValue(forKey: delivery) }
    }
}
