import Foundation
import GovPushStore

/// `govpush dev`'s data key: generated once and kept beside the SQLite file (mode 0600), so the
/// subscribers of an earlier run still decrypt. Production configures GOVPUSH_DATA_KEYS instead.
enum DevDataKeys {
    static func path(besideStore store: String) -> String {
        URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("dev-data-keys").path
    }

    static func load(besideStore store: String) throws -> String {
        let file = path(besideStore: store)
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let text = DataKeyRing.generated(id: "dev").configurationText
        guard FileManager.default.createFile(atPath: file, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw GovPushRuntime.Problem(description: "cannot write the dev data key file \(file)")
        }
        return text
    }
}
