/// A provider credential (Tencent Cloud SecretKey, Alibaba Cloud AccessKey secret, WeChat AppSecret).
///
/// Never printed: `description`, `debugDescription` and the reflection mirror show `****`, so a credential
/// inside a configuration value cannot reach a log, a `channel test` line or a test failure message.
public struct ProviderSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret in clear. Use only to sign a request or to hand to the provider's token endpoint.
    public let clearText: String

    public init(_ clearText: String) {
        self.clearText = clearText
    }

    public var description: String { "****" }
    public var debugDescription: String { "****" }
    public var customMirror: Mirror { Mirror(self, children: ["secret": "****"], displayStyle: .struct) }
}
