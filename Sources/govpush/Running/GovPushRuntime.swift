import Foundation
import GovPushChannels
import GovPushConsumers
import GovPushDomain
import GovPushStore
import Logging

/// Builds the pieces a process runs from its configuration: the store, each channel, each role. One code
/// path for `govpush dev` (everything, sandboxed) and the production roles (`govpush worker …`).
struct GovPushRuntime {
    struct Problem: Error, CustomStringConvertible { let description: String }

    let configuration: GovPushConfiguration
    let reference: ReferenceCatalogs
    let logger: Logger

    static let defaultStoreURL = "sqlite:.govpush/govpush.sqlite"

    /// Opens and migrates the configured store.
    func openStore() async throws -> any NotificationStore {
        try await openAPIStore()
    }

    /// The store with the API's operations (both backends have them).
    func openAPIStore() async throws -> any APIStore {
        let url = configuration.store.url ?? Self.defaultStoreURL
        let cipher = try personalDataCipher()
        let store: any APIStore
        if url.hasPrefix("sqlite:") {
            store = try await SQLiteNotificationStore.open(SQLiteStoreConfiguration(path: String(url.dropFirst("sqlite:".count)), cipher: cipher))
        } else {
            store = try await PostgresNotificationStore.connect(try PostgresStoreConfiguration(url: url, cipher: cipher))
        }
        try await store.migrate()
        return store
    }

    /// The data key ring from `dataKeys` / GOVPUSH_DATA_KEYS; there is no default outside `govpush dev`.
    func personalDataCipher() throws -> PersonalDataCipher {
        guard let keys = configuration.dataKeys else {
            throw Problem(description: "no data key configured: set GOVPUSH_DATA_KEYS (or dataKeys) to id=base64key; `govpush keys generate` makes one (docs/configuration.md)")
        }
        do { return PersonalDataCipher(ring: try DataKeyRing(configuration: keys)) } catch {
            throw Problem(description: "GOVPUSH_DATA_KEYS: \(error.description)")
        }
    }

    var isSandboxed: Bool { (configuration.channels.mode ?? "sandbox") == "sandbox" }

    /// The channel that delivers `kind`: the sandbox in sandbox mode, the provider otherwise.
    func channel(_ kind: ChannelKind, store: any NotificationStore) throws -> any NotificationChannel {
        if isSandboxed { return SandboxChannel(kind: kind, outbox: StoreSandboxOutbox(store: store)) }
        switch kind {
        case .app:
            guard let app = configuration.channels.app, let url = app.url, let secret = app.secret else {
                throw Problem(description: "channel app needs channels.app.url and channels.app.secret (GOVPUSH_APP_WEBHOOK_URL, GOVPUSH_APP_WEBHOOK_SECRET)")
            }
            return AppWebhookChannel(configuration: AppWebhookConfiguration(
                endpoint: url, secret: WebhookSecret(secret), timeout: .milliseconds(Int((app.timeoutSeconds ?? 10) * 1000))))
        case .sms, .wechat, .wecomGroup:
            return try providerChannel(kind, store: store)
        case .email:
            do { return try EmailChannel(configuration: try configuration.smtpConfiguration(), logger: logger) } catch let error as SMTPError {
                throw Problem(description: "channel email: \(error)")
            }
        }
    }

    func bootstrap() throws -> String {
        guard let bootstrap = configuration.kafka.bootstrap, !bootstrap.isEmpty else {
            throw Problem(description: "no Kafka cluster configured: set kafka.bootstrap or GOVPUSH_KAFKA_BOOTSTRAP")
        }
        return bootstrap
    }

    func dispatcher(store: any NotificationStore) async throws -> Dispatcher {
        var dispatcher = DispatcherConfiguration(bootstrapServers: try bootstrap())
        dispatcher.kafkaProperties = configuration.kafka.properties ?? [:]
        return try await Dispatcher.start(dispatcher, store: store, reference: reference, logger: logger)
    }

    func deliverer(_ kind: ChannelKind, store: any NotificationStore, renderer: NotificationRenderer) async throws -> Deliverer {
        var deliverer = DelivererConfiguration(bootstrapServers: try bootstrap(), channel: kind)
        if let workerID = configuration.workerID { deliverer.workerID = "\(workerID)-\(kind.rawValue)" }
        deliverer.kafkaProperties = configuration.kafka.properties ?? [:]
        if let limit = configuration.channels.rateLimits?[kind.rawValue] { deliverer.rateLimit = (limit.perSecond, limit.burst) }
        return try await Deliverer.start(deliverer, channel: try channel(kind, store: store), store: store, reference: reference,
                                         renderer: renderer, logger: logger)
    }

    func renderer() throws -> NotificationRenderer {
        let regions = reference.regions
        return try NotificationRenderer(regionName: { regions.region($0)?.name })
    }

    /// SMS, WeChat and WeCom group bots from `channels.sms/tencent/aliyun/wechat/wecom` (ProviderChannelFactory).
    /// WeChat spends one-time grants kept by the store, once the store keeps them.
    private func providerChannel(_ kind: ChannelKind, store: any NotificationStore) throws -> any NotificationChannel {
        let factory = ProviderChannelFactory(configuration: configuration, logger: logger)
        do {
            switch kind {
            case .wechat:
                guard let ledger = store as? any WeChatGrantLedger else {
                    throw Problem(description: "channel wechat needs a store that keeps WeChat one-time grants (WeChatGrantLedger); this store does not")
                }
                return try factory.wechat(ledger: ledger)
            case .wecomGroup: return factory.wecom()
            default: return try factory.sms()
            }
        } catch let missing as ProviderChannelFactory.Missing {
            throw Problem(description: "channel \(kind): \(missing.description)")
        }
    }
}
