import Foundation

/// Limits and clocks of the HTTP API (docs/configuration.md "api").
public struct APIConfiguration: Sendable {
    /// Larger request bodies are refused with 413 before anything else is read.
    public var maximumBodyBytes: Int = 256 * 1024
    /// How far `X-GovPush-Timestamp` may be from the server's clock.
    public var maximumClockSkew: Duration = .seconds(300)
    /// Per-tenant token bucket.
    public var requestsPerSecond: Double = 20
    public var burst: Int = 40
    /// The server's clock (tests inject one).
    public var clock: @Sendable () -> Date = { Date() }

    public init() {}
}
