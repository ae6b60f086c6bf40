import Foundation
import GovPushMessaging

/// When a transient failure is tried again: exponential backoff with jitter, through the retry topics'
/// tiers (DESIGN.md "Failures"), until `maxAttempts`, after which the job is dead-lettered.
public struct RetryPolicy: Sendable {
    public enum Decision: Equatable, Sendable {
        /// Send the job to this retry tier, not to be attempted before `notBefore`.
        case retry(tier: Int, notBefore: Date)
        case exhausted
    }

    /// Channel calls allowed in all (the first included).
    public var maxAttempts = 5
    /// Delay before retry n (1-based) is `base × 2^(n-1)`, capped at `cap`, times a jitter factor.
    public var base = Duration.seconds(5)
    public var cap = Duration.seconds(600)
    /// ±this fraction of jitter, so retries of one outage do not arrive in lockstep.
    public var jitter = 0.2
    /// The retry topics' delays, shortest first (`GovPushTopics.retryDelays`).
    public var tierDelays = GovPushTopics.retryDelays

    public init() {}

    /// What to do after `attempts` failed calls; `retryAfter` is the provider's own hint, which wins if longer.
    public func decide(afterAttempts attempts: Int, retryAfter: Duration?, now: Date,
                       random: () -> Double = { Double.random(in: 0...1) }) -> Decision {
        guard attempts < maxAttempts else { return .exhausted }
        let exponential = base.seconds * pow(2, Double(max(0, attempts - 1)))
        var delay = min(exponential, cap.seconds) * (1 + jitter * (2 * random() - 1))
        if let retryAfter { delay = max(delay, retryAfter.seconds) }
        // The shortest tier that is not shorter than the delay (the last tier for anything longer).
        let tier = tierDelays.firstIndex { $0.seconds >= delay } ?? tierDelays.count - 1
        return .retry(tier: tier, notBefore: now.addingTimeInterval(delay))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
