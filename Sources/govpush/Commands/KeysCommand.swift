import ArgumentParser
import Foundation
import GovPushStore
import Logging

/// `govpush keys generate|rotate`: make a data key, and re-encrypt stored personal data under the primary
/// key after it changed (docs/configuration.md "Data keys").
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Data keys for personal data at rest.",
        subcommands: [Generate.self, Rotate.self]
    )

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new random key as id=base64 (put it first in GOVPUSH_DATA_KEYS).")
        @Option(help: "The key id (1-32 letters, digits, - or _).") var id = "k" + String(Int(Date().timeIntervalSince1970))

        func run() throws {
            let ring = DataKeyRing.generated(id: id)
            do { _ = try DataKeyRing(configuration: ring.configurationText) } catch { throw ValidationError(error.description) }
            print(ring.configurationText)
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-encrypt everything not under the primary key (the first in GOVPUSH_DATA_KEYS).")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let runtime = GovPushRuntime(configuration: try options.load(), reference: try .bundled(), logger: Logger(label: "govpush.keys"))
            let store = try await runtime.openAPIStore()
            let count: Int
            do { count = try await store.reencryptPersonalData() } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
            print("re-encrypted \(count) values under key \(try runtime.personalDataCipher().primaryKeyID)")
        }
    }
}
