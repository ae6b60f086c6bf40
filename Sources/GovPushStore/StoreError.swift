/// A store failure with the context to act on it: which backend, which operation, and why.
/// Messages name tables, versions and delivery ids, never subscriber documents or addresses.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var backend: String
    public var operation: String
    public var reason: String

    public init(backend: String, operation: String, reason: String) {
        self.backend = backend
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "\(backend) store: \(operation) failed: \(reason)" }
}
