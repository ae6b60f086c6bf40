import Foundation
import Synchronization

/// A long-running program (e.g. `govpush cluster`) started for a test: read its first stdout lines,
/// signal it, and wait — every wait bounded.
public final class BackgroundProcess: Sendable {
    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
    }

    private let process: Process
    private let output = Mutex<Data>(Data())
    private let errors = Mutex<Data>(Data())

    public init(_ executable: URL, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        self.process = process
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            // Empty means end of file: stop watching, or the handler is called again and again.
            if data.isEmpty { handle.readabilityHandler = nil; return }
            self?.output.withLock { $0.append(data) }
        }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            // Empty means end of file: stop watching, or the handler is called again and again.
            if data.isEmpty { handle.readabilityHandler = nil; return }
            self?.errors.withLock { $0.append(data) }
        }
        try process.run()
    }

    public var stdout: String { output.withLock { String(decoding: $0, as: UTF8.self) } }
    public var stderr: String { errors.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The first complete stdout line, waiting at most `timeout`.
    public func firstLine(timeout: Duration = .seconds(20)) async throws -> String {
        let found = try await eventually(timeout: timeout) { stdout.contains("\n") || !process.isRunning }
        guard found, let line = stdout.split(separator: "\n", omittingEmptySubsequences: false).first, stdout.contains("\n") else {
            throw Timeout(description: "no stdout line within \(timeout); stderr: \(stderr)")
        }
        return String(line)
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit and returns its status; kills it after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        if try await !eventually(timeout: timeout, { !process.isRunning }) {
            process.terminate()
            throw Timeout(description: "still running after \(timeout)")
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}
