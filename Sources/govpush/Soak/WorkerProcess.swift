import Foundation
import Glibc

/// One `govpush worker …` child process of `govpush soak`, restartable after a SIGKILL, its output
/// appended to a log file (shown when the soak fails).
final class WorkerProcess: @unchecked Sendable {  // used from one task at a time
    let name: String
    let arguments: [String]
    let environment: [String: String]
    let log: URL
    private var process: Process?

    init(name: String, arguments: [String], environment: [String: String], logDirectory: URL) {
        self.name = name
        self.arguments = arguments
        self.environment = environment
        self.log = logDirectory.appendingPathComponent("\(name).log")
    }

    /// This executable: the soak runs the same binary in each role.
    static var executable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    func start() throws {
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let output = try FileHandle(forWritingTo: log)
        output.seekToEndOfFile()
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GOVPUSH_") }.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
    }

    /// SIGKILL: no shutdown, no commit, claims left behind — the crash the soak is about.
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        // Bounded, and without Process.waitUntilExit, which spins a run loop the caller may not have.
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    func stop(grace: Duration = .seconds(15)) async {
        guard let process, process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        kill()
    }

    var isRunning: Bool { process?.isRunning ?? false }
    var lastLines: String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
