import Foundation

/// Runs `kcat` (Debian's kcat, an independent librdkafka-based client) to prove interoperability and
/// to measure a baseline in benchmarks.
public struct Kcat: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let arguments: [String]
        public let status: Int32
        public let stderr: String
        public var description: String { "kcat \(arguments.joined(separator: " ")) exited \(status): \(stderr)" }
    }

    private let program: ChildProcess

    /// Finds kcat on PATH (or kafkacat, its old name).
    public init() throws {
        do { program = try ChildProcess(searching: ["kcat", "kafkacat"]) } catch {
            throw Failure(arguments: [], status: 127, stderr: "kcat is not installed (apt-get install kcat)")
        }
    }

    /// Runs kcat and returns its stdout; throws if it exits non-zero.
    @discardableResult
    public func run(_ arguments: [String], input: Data? = nil, inputFile: URL? = nil, timeout: Duration = .seconds(60)) throws -> Data {
        let result = try program.run(arguments, input: input, inputFile: inputFile, timeout: timeout)
        guard result.status == 0 else { throw Failure(arguments: arguments, status: result.status, stderr: result.errors) }
        return result.stdout
    }
}
