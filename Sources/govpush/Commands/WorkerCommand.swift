import ArgumentParser
import GovPushDomain
import Logging
import ServiceLifecycle

/// `govpush worker dispatch|deliver --channel C|windows`: one role per process, for production.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one worker role against real Kafka and the configured store, until SIGTERM.",
        subcommands: [Dispatch.self, Deliver.self, Windows.self]
    )

    struct Dispatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Match events to subscribers and write delivery jobs.")
        @OptionGroup var options: ConfigurationOptions
        @OptionGroup var health: HealthOptions

        func run() async throws {
            let logger = Logger(label: "govpush.worker.dispatch")
            let runtime = GovPushRuntime(configuration: try options.load(), reference: try .bundled(), logger: logger)
            let store = try await runtime.openStore()
            let dispatcher = try await runtime.dispatcher(store: store)
            var services: [any Service] = [dispatcher]
            if let server = try await runtime.healthServer(health, store: store, isAssigned: { dispatcher.isAssigned }) { services.append(server) }
            try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
            try await store.close()
        }
    }

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver one channel's jobs, with retries, fallbacks and quiet hours.")
        @Option(help: "sms | email | wechat | app | wecom-group") var channel: ChannelKind
        @OptionGroup var options: ConfigurationOptions
        @OptionGroup var health: HealthOptions

        func run() async throws {
            let logger = Logger(label: "govpush.worker.deliver.\(channel.rawValue)")
            let runtime = GovPushRuntime(configuration: try options.load(), reference: try .bundled(), logger: logger)
            let store = try await runtime.openStore()
            let deliverer = try await runtime.deliverer(channel, store: store, renderer: try runtime.renderer())
            var services: [any Service] = [deliverer]
            if let server = try await runtime.healthServer(health, store: store, isAssigned: { deliverer.isAssigned }) { services.append(server) }
            try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
            try await store.close()
        }
    }
}

extension WorkerCommand {
    struct Windows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Track response windows and send ops alerts before and at each deadline.")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let logger = Logger(label: "govpush.worker.windows")
            let runtime = GovPushRuntime(configuration: try options.load(), reference: try .bundled(), logger: logger)
            // A bad roster or alert plan is refused before anything is opened.
            _ = try runtime.windowTrackerConfiguration()
            _ = try runtime.opsRoster()
            let store = try await runtime.openStore()
            let services: [any Service]
            do { services = try await runtime.windowServices(store: store) } catch {
                try? await store.close()  // a bad roster or fraction is reported, with the store closed cleanly
                throw error
            }
            try await ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
            try await store.close()
        }
    }
}

extension ChannelKind: ExpressibleByArgument {}
