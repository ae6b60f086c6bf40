import ArgumentParser
import GovPushDomain

/// `govpush region show CODE`: the code's chain up to its province, e.g.
/// `340223 南陵县 → 340200 芜湖市 → 340000 安徽省`.
struct RegionShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a region code's chain up to its province.",
        discussion: """
            CODE is a GB/T 2260 six-digit code (province, prefecture, county), or a 9-digit township or \
            12-digit village code, which is accepted when its county is known.
            """
    )

    @Argument(help: "A 6-, 9- or 12-digit region code, e.g. 340223.")
    var code: String

    func validate() throws {
        do { _ = try RegionCode(code) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let regionCode = try RegionCode(code)
        let chain = try RegionCatalog.bundled().chain(regionCode)
        print(chain.map(\.description).joined(separator: " → "))
    }
}
