import ArgumentParser
import Foundation
import GovPushAPI
import Logging

/// `govpush tenant create --name NAME --scopes ingest,subscribers,read`: a new API tenant; prints its key id
/// and secret once (the store keeps the secret sealed with the data key).
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Manage API tenants.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and print its key id and secret (shown only once).")
        @Option(help: "The tenant's name, e.g. the integrating app.") var name: String
        @Option(help: "Comma-separated: ingest, subscribers, read.") var scopes: String
        @Option(help: "Store URL (sqlite:PATH or postgres://…), overriding the configuration.") var store: String?
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let parsed: [APIScope]
            do { parsed = try TenantProvisioning.parseScopes(scopes) } catch { throw ValidationError(error.description) }
            var configuration = try options.load()
            if let store { configuration.store.url = store }
            if configuration.dataKeys == nil, let url = configuration.store.url ?? Optional(GovPushRuntime.defaultStoreURL), url.hasPrefix("sqlite:") {
                // The dev store's key lives beside it (govpush dev wrote it).
                configuration.dataKeys = try DevDataKeys.load(besideStore: String(url.dropFirst("sqlite:".count)))
            }
            let runtime = GovPushRuntime(configuration: configuration, reference: try .bundled(), logger: Logger(label: "govpush.tenant"))
            let opened = try await runtime.openAPIStore()
            let created: TenantProvisioning.Created
            do { created = try await TenantProvisioning.create(name: name, scopes: parsed, in: opened) } catch let problem as TenantProvisioning.Problem {
                try await opened.close()
                throw ValidationError(problem.description)
            }
            try await opened.close()
            print("key id: \(created.tenant.id)")
            print("secret: \(created.secretText)")
            print("scopes: \(created.tenant.scopes.joined(separator: ","))")
            FileHandle.standardError.write(Data("Store the secret now: it is not shown again.\n".utf8))
        }
    }
}
