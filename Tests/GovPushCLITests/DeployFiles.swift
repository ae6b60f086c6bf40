import Foundation
import GovPushTesting

/// The files under deploy/, parsed the way their tools read them (YAML through Python's `yaml` module,
/// which deploy/setup-debian.sh installs), for the deploy tests.
enum DeployFiles {
    struct Problem: Error, CustomStringConvertible { let description: String }

    /// Every document of a YAML file, as JSON values (merge keys `<<` resolved).
    static func yaml(_ relativePath: String) throws -> [[String: Any]] {
        let script = "import json, sys, yaml\nprint(json.dumps([d for d in yaml.safe_load_all(open(sys.argv[1], encoding='utf-8')) if d is not None]))"
        let result = try ChildProcess(searching: ["python3"]).run(["-c", script, RepositoryFiles.url(relativePath).path])
        guard result.status == 0 else { throw Problem(description: "\(relativePath) does not parse: \(result.errors)") }
        guard let documents = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else {
            throw Problem(description: "\(relativePath): expected YAML mappings")
        }
        return documents
    }

    /// The Kubernetes manifests under deploy/k8s, every document of every file.
    static func kubernetes() throws -> [[String: Any]] {
        let directory = RepositoryFiles.url("deploy/k8s")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.flatMap { try yaml("deploy/k8s/\($0)") }
    }

    static func kind(_ kind: String, in documents: [[String: Any]]) -> [[String: Any]] {
        documents.filter { $0["kind"] as? String == kind }
    }

    /// `KEY=VALUE` lines of an env file (comments and blanks skipped).
    static func envFile(_ relativePath: String) throws -> [String: String] {
        let text = try String(contentsOf: RepositoryFiles.url(relativePath), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && line.contains("=") {
            let parts = line.split(separator: "=", maxSplits: 1)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return values
    }

    /// Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?message}`, as compose would expand them with
    /// NAME unset: the default, else a placeholder.
    static func interpolated(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            result += rest[..<start.lowerBound]
            let expression = rest[start.upperBound..<end]
            if let range = expression.range(of: ":-") { result += expression[range.upperBound...] } else { result += "placeholder" }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// Runs `govpush ARGS` with exactly `environment` (plus PATH), as a container would.
    static func govpush(_ arguments: [String], environment: [String: String]) throws -> ChildProcess.Result {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let path = "PATH=" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try ChildProcess(searching: ["env"]).run(["-i", path] + assignments + [GovPushBinary.url.path] + arguments)
    }

    /// The subcommand path of a `govpush` argument list (the words before the first option).
    static func subcommand(_ arguments: [String]) -> [String] {
        Array(arguments.prefix { !$0.hasPrefix("-") })
    }
}
