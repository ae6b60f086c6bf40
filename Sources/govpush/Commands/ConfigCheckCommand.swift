import ArgumentParser
import Foundation

/// `govpush config check [--config F]`: loads the file and the environment as a worker would, validates
/// them, and prints the effective settings with secrets masked. Unlike a worker it also refuses
/// `GOVPUSH_*` variables and file keys it does not know, so a typo (`GOVPUSH_STORE_ULR`) is caught
/// instead of silently leaving the default in place. `GOVPUSH_TEST_*` belongs to the test suite.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate the configuration and print it, secrets masked.")

    @OptionGroup var options: ConfigurationOptions

    /// Printed as is (a `ValidationError` would add the usage text, which is not the problem here).
    struct Problems: Error, CustomStringConvertible { let description: String }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var problems: [String] = []
        let known = GovPushConfiguration.environmentKeys.map(\.variable)
        for variable in Self.unknownVariables(in: environment) {
            let hint = Self.closest(to: variable, among: known).map { " (did you mean \($0)?)" } ?? ""
            problems.append("unknown environment variable \(variable)\(hint)")
        }
        if let file = options.config, let data = FileManager.default.contents(atPath: file) {
            for key in (try? GovPushConfiguration.unknownFileKeys(data)) ?? [] {
                problems.append("unknown key \(key) in \(file)")
            }
        }
        var loaded: GovPushConfiguration?
        do { loaded = try options.load() } catch { problems.append("\(error)") }
        guard problems.isEmpty, let loaded else {
            throw Problems(description: "configuration has \(problems.count) problem(s):\n  " + problems.joined(separator: "\n  "))
        }
        let fromEnvironment = known.filter { environment[$0].map { !$0.isEmpty } ?? false }
        say("# file: \(options.config ?? "none"); environment: \(fromEnvironment.isEmpty ? "none" : fromEnvironment.joined(separator: " "))")
        for line in try EffectiveSettings(loaded).lines { say(line) }
        say("# configuration ok")
    }

    static func unknownVariables(in environment: [String: String]) -> [String] {
        let known = Set(GovPushConfiguration.environmentKeys.map(\.variable))
        return environment.keys.filter { $0.hasPrefix("GOVPUSH_") && !$0.hasPrefix("GOVPUSH_TEST_") && !known.contains($0) }.sorted()
    }

    /// The known name within a few edits of `name`, for the error message.
    static func closest(to name: String, among candidates: [String]) -> String? {
        candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 3 }.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
