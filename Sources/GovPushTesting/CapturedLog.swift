import Logging
import Synchronization

/// Log lines captured in memory, so tests can assert what a component logged (and, above all, what it did
/// not: secrets and personal data). Every level is captured.
///
/// ```swift
/// let log = CapturedLog()
/// let channel = TencentSMSChannel(configuration: …, logger: log.logger("test"))
/// #expect(!log.text.contains(secretKey))
/// ```
public final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// A logger at `.trace` whose every line, metadata included, lands here.
    public func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { label in CapturingLogHandler(label: label, sink: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every captured line, one per entry.
    public var entries: [String] { lines.withLock { $0 } }
    /// All lines joined, for `contains` checks.
    public var text: String { entries.joined(separator: "\n") }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }
}

struct CapturingLogHandler: LogHandler {
    let label: String
    let sink: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        sink.append("\(event.level) \(label): \(event.message) \(rendered)")
    }
}
