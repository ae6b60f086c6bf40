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

    public let executable: URL

    /// Finds kcat on PATH (or kafkacat, its old name).
    public init() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["kcat", "kafkacat"] {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) {
                    executable = candidate
                    return
                }
            }
        }
        throw Failure(arguments: [], status: 127, stderr: "kcat is not installed (apt-get install kcat)")
    }

    /// Runs kcat with `arguments`, feeding `input` (or a file via `inputFile`) on stdin; returns stdout.
    /// Kills it after `timeout`.
    @discardableResult
    public func run(_ arguments: [String], input: Data? = nil, inputFile: URL? = nil, timeout: Duration = .seconds(60)) throws -> Data {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        if let inputFile {
            process.standardInput = try FileHandle(forReadingFrom: inputFile)
        } else {
            process.standardInput = stdin
        }
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: killer)
        if inputFile == nil {
            if let input { stdin.fileHandleForWriting.write(input) }
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes before waiting so a full pipe cannot stall kcat.
        let errors = DispatchQueue(label: "kcat.stderr")
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        errors.async { errorData = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        guard process.terminationStatus == 0 else {
            throw Failure(arguments: arguments, status: process.terminationStatus, stderr: String(decoding: errorData, as: UTF8.self))
        }
        return output
    }
}
