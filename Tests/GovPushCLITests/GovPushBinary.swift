import Foundation
import GovPushTesting

/// The `govpush` binary that `swift test` built next to the test bundle.
enum GovPushBinary {
    static var url: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        let beside = directory.appendingPathComponent("govpush")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/govpush")
    }

    static func run(_ arguments: [String], input: Data? = nil, timeout: Duration = .seconds(120)) async throws -> ChildProcess.Result {
        try await ChildProcess(url).runDetached(arguments, input: input, timeout: timeout)
    }
}
