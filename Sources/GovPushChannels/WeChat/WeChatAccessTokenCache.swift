import Foundation

/// The account's `access_token`, fetched from `cgi-bin/stable_token` (getStableAccessToken, normal mode:
/// it does not invalidate the token other processes of the same account hold, unlike `cgi-bin/token`),
/// kept until `tokenRefreshMargin` before it expires, and refreshed by one caller at a time: concurrent
/// sends wait for the same refresh instead of each asking WeChat (single flight).
actor WeChatAccessTokenCache {
    /// Why no token could be had: `isTransient` for outages and throttling, not for wrong credentials.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        var isTransient: Bool
    }

    private struct Token {
        var value: String
        var refreshAt: Date
    }

    private let fetch: @Sendable () async throws(Failure) -> (token: String, expiresIn: Int)
    private let now: @Sendable () -> Date
    private let margin: Duration
    private var current: Token?
    private var refreshing: Task<Token, any Error>?

    init(margin: Duration, now: @escaping @Sendable () -> Date,
         fetch: @escaping @Sendable () async throws(Failure) -> (token: String, expiresIn: Int)) {
        self.fetch = fetch
        self.now = now
        self.margin = margin
    }

    /// A token believed valid: the cached one, or a fresh one.
    func token() async throws(Failure) -> String {
        if let current, now() < current.refreshAt { return current.value }
        let task: Task<Token, any Error>
        if let refreshing {
            task = refreshing
        } else {
            let fetch = self.fetch, now = self.now, margin = self.margin
            task = Task {
                let fetched = try await fetch()
                let lifetime = max(0, Double(fetched.expiresIn) - Double(margin.components.seconds))
                return Token(value: fetched.token, refreshAt: now().addingTimeInterval(lifetime))
            }
            refreshing = task
        }
        do {
            let token = try await task.value
            if refreshing == task { refreshing = nil; current = token }
            return token.value
        } catch {
            if refreshing == task { refreshing = nil }
            throw (error as? Failure) ?? Failure(description: "\(error)", isTransient: true)
        }
    }

    /// Forgets `value` after WeChat called it invalid or expired (40001, 42001), unless a newer one replaced it.
    func invalidate(_ value: String) {
        if current?.value == value { current = nil }
    }
}
