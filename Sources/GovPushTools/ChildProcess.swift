import Foundation

/// A program run to completion (or killed after a timeout), with its exit status and output.
public struct ChildProcess: Sendable {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: Data
        public let stderr: Data
        public var output: String { String(decoding: stdout, as: UTF8.self) }
        public var errors: String { String(decoding: stderr, as: UTF8.self) }
        public var lines: [String] { output.split(separator: "\n").map(String.init) }
    }

    public let executable: URL

    public init(_ executable: URL) { self.executable = executable }

    /// Finds `names` (first match) on PATH.
    public init(searching names: [String]) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in names {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) {
                    self.init(candidate)
                    return
                }
            }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(names.joined(separator: " or ")) not found on PATH"])
    }

    /// `run` on a thread of its own: waiting for a program must not hold one of Swift concurrency's few
    /// cooperative threads (two on a 2-core machine), which servers and timers in the same process need.
    public func runDetached(_ arguments: [String], input: Data? = nil, inputFile: URL? = nil, timeout: Duration = .seconds(60)) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try self.run(arguments, input: input, inputFile: inputFile, timeout: timeout) })
            }.start()
        }
    }

    /// Runs the program to completion, feeding `input` or `inputFile` on stdin; terminates it after `timeout`.
    public func run(_ arguments: [String], input: Data? = nil, inputFile: URL? = nil, timeout: Duration = .seconds(60)) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = try inputFile.map { try FileHandle(forReadingFrom: $0) } ?? stdin
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: killer)
        if inputFile == nil {
            if let input { stdin.fileHandleForWriting.write(input) }
            try stdin.fileHandleForWriting.close()
        }
        // Drain both pipes before waiting so a full pipe cannot stall the child.
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errorData = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        return Result(status: process.terminationStatus, stdout: output, stderr: errorData)
    }
}
