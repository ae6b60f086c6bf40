import Foundation
import Synchronization

/// A token bucket per tenant (`requestsPerSecond` refill, `burst` capacity), in this process. Several API
/// processes each allow the rate, so divide it by their number when configuring a hard ceiling.
public final class TenantRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    public let requestsPerSecond: Double
    public let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(requestsPerSecond: Double, burst: Int) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = Double(max(1, burst))
    }

    /// Takes a token for `tenant`; nil when admitted, otherwise the whole seconds until one is available.
    public func admit(_ tenant: String, now: Date) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[tenant] ?? Bucket(tokens: burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(burst, bucket.tokens + elapsed * requestsPerSecond)
            bucket.updated = now
            defer { buckets[tenant] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / requestsPerSecond).rounded(.up)))
        }
    }
}
