/// Where and how the app-backend webhook posts: the integrating app's endpoint (e.g. a 皖事通-style backend),
/// the secret both sides share, and how long one attempt may take before it counts as transient.
public struct AppWebhookConfiguration: Sendable, CustomStringConvertible {
    public var endpoint: String
    public var secret: WebhookSecret
    /// One attempt's deadline, connecting included; the deliverer's retry policy decides what follows.
    public var timeout: Duration
    /// The most of a response body read, for its JSON `id`; the rest is discarded.
    public var maximumResponseBytes: Int

    public init(endpoint: String, secret: WebhookSecret, timeout: Duration = .seconds(10),
                maximumResponseBytes: Int = 64 * 1024) {
        self.endpoint = endpoint
        self.secret = secret
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    public var description: String { "app webhook \(endpoint) (timeout \(timeout), secret ****)" }
}
