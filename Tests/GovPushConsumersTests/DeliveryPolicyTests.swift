import Foundation
import GovPushDomain
import Testing
@testable import GovPushConsumers

@Suite struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func backsOffExponentiallyThroughTheTiersThenGivesUp() {
        let policy = RetryPolicy()
        let middle = { 0.5 }  // no jitter
        #expect(policy.decide(afterAttempts: 1, retryAfter: nil, now: now, random: middle) == .retry(tier: 0, notBefore: now + 5))
        #expect(policy.decide(afterAttempts: 2, retryAfter: nil, now: now, random: middle) == .retry(tier: 0, notBefore: now + 10))
        #expect(policy.decide(afterAttempts: 3, retryAfter: nil, now: now, random: middle) == .retry(tier: 1, notBefore: now + 20))
        #expect(policy.decide(afterAttempts: 4, retryAfter: nil, now: now, random: middle) == .retry(tier: 1, notBefore: now + 40))
        #expect(policy.decide(afterAttempts: 5, retryAfter: nil, now: now, random: middle) == .exhausted)
    }

    @Test func jitterStaysWithinItsBoundsAndProviderHintsWin() {
        let policy = RetryPolicy()
        guard case .retry(_, let low) = policy.decide(afterAttempts: 2, retryAfter: nil, now: now, random: { 0 }),
              case .retry(_, let high) = policy.decide(afterAttempts: 2, retryAfter: nil, now: now, random: { 1 }) else {
            Issue.record("expected retries"); return
        }
        #expect(low.timeIntervalSince(now) == 8 && high.timeIntervalSince(now) == 12)
        #expect(policy.decide(afterAttempts: 1, retryAfter: .seconds(120), now: now, random: { 0.5 }) == .retry(tier: 2, notBefore: now + 120))
    }
}

@Suite struct TokenBucketTests {
    @Test func allowsABurstThenTheRate() {
        let bucket = TokenBucket(ratePerSecond: 10, burst: 3)
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(bucket.take(now: start) == nil) }
        let wait = bucket.take(now: start)
        #expect(wait == .milliseconds(100))
        #expect(bucket.take(now: start + .milliseconds(100)) == nil)
        #expect(bucket.take(now: start + .milliseconds(100)) != nil)
        // Idle time refills up to the burst only.
        for _ in 0..<3 { #expect(bucket.take(now: start + .seconds(60)) == nil) }
        #expect(bucket.take(now: start + .seconds(60)) != nil)
    }
}

@Suite struct QuietHoursRuleTests {
    /// 2026-11-21 in Asia/Shanghai at the given hour and minute.
    func shanghai(_ hour: Int, _ minute: Int) -> Date {
        Date(timeIntervalSince1970: 1_795_190_400 + Double(hour * 3600 + minute * 60))  // 2026-11-21T00:00+08:00
    }

    @Test func holdsNonUrgentSMSUntilTheQuietPeriodEnds() {
        let rule = QuietHoursRule()
        #expect(rule.deferral(channel: .sms, isUrgent: false, quietHours: .default, now: shanghai(22, 30)) == shanghai(32, 0))
        #expect(rule.deferral(channel: .sms, isUrgent: false, quietHours: .default, now: shanghai(7, 59)) == shanghai(8, 0))
        #expect(rule.deferral(channel: .sms, isUrgent: false, quietHours: .default, now: shanghai(8, 0)) == nil)
        #expect(rule.deferral(channel: .sms, isUrgent: false, quietHours: .default, now: shanghai(12, 0)) == nil)
    }

    @Test func urgentNoticesOtherChannelsAndSubscribersWithoutQuietHoursGoNow() {
        let rule = QuietHoursRule()
        #expect(rule.deferral(channel: .sms, isUrgent: true, quietHours: .default, now: shanghai(23, 0)) == nil)
        #expect(rule.deferral(channel: .wechat, isUrgent: false, quietHours: .default, now: shanghai(23, 0)) == nil)
        #expect(rule.deferral(channel: .sms, isUrgent: false, quietHours: nil, now: shanghai(23, 0)) == nil)
    }
}
