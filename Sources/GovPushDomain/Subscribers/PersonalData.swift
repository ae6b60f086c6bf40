/// A value that is personal information (个人信息: phone numbers, e-mail addresses, openids — DOMAIN.md
/// "Privacy", seed 004 §二) and so must never be printed, logged or dumped in clear.
///
/// Conforming types only say how they look masked; `description`, `debugDescription` and the reflection
/// mirror (used by `dump`, `print` of containing values and test failure messages) all show that form.
/// The clear value is reachable only through the type's explicit `clearText` property.
public protocol PersonalData: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The form safe for logs, e.g. `138****1234`.
    var masked: String { get }
}

extension PersonalData {
    public var description: String { masked }
    public var debugDescription: String { masked }
    public var customMirror: Mirror { Mirror(self, children: ["masked": masked], displayStyle: .struct) }
}

/// Masks all but `prefix` leading and `suffix` trailing characters with a fixed-width `****`, so the
/// length of the clear value does not leak either. Short values are masked entirely.
func maskedText(_ clear: String, prefix: Int, suffix: Int) -> String {
    guard clear.count > prefix + suffix + 2 else { return "****" }
    return String(clear.prefix(prefix)) + "****" + String(clear.suffix(suffix))
}
