/// A shared secret for signing webhooks (app-backend deliveries, tenant status callbacks).
///
/// Never printed: `description`, `debugDescription` and the reflection mirror show `****`, so a secret in a
/// configuration value cannot reach a log or a test failure message by accident.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key bytes. Use only to sign or verify.
    public let bytes: [UInt8]

    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var description: String { "****" }
    public var debugDescription: String { "****" }
    public var customMirror: Mirror { Mirror(self, children: ["secret": "****"], displayStyle: .struct) }
}
