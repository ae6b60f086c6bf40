import Foundation

/// Everything a GovPush process is configured with: one JSON file (`--config`), then `GOVPUSH_*`
/// environment variables over it (docs/configuration.md lists every key). Secrets belong in the
/// environment or a secret store, never in the repository.
struct GovPushConfiguration: Codable, Equatable {
    struct Kafka: Codable, Equatable {
        var bootstrap: String?
        /// Any librdkafka property for every client, e.g. `security.protocol`.
        var properties: [String: String]?
    }

    struct Store: Codable, Equatable {
        /// `sqlite:PATH` or `postgres://user:password@host:port/database`.
        var url: String?
    }

    struct HTTP: Codable, Equatable {
        var host: String?
        var port: Int?
    }

    /// Where a worker role serves /healthz and /readyz (`govpush worker … --health-port`); no port, no server.
    struct Health: Codable, Equatable {
        var host: String?
        var port: Int?
    }

    struct AppWebhook: Codable, Equatable {
        var url: String?
        var secret: String?
        var timeoutSeconds: Double?
    }

    /// E-mail over SMTP (`channels.smtp`); built and checked in GovPushConfiguration+SMTP.swift.
    struct SMTP: Codable, Equatable {
        var host: String?
        var port: Int?
        var username: String?
        var password: String?
        /// `Name <address>` or `address`.
        var from: String?
        /// `required` (default), `optional` or `off`.
        var starttls: String?
        /// TLS from the first byte; default true on port 465.
        var implicitTLS: Bool?
        /// PEM CA certificates trusted besides the system's.
        var caFile: String?
        var heloName: String?
        var timeoutSeconds: Double?
    }

    struct RateLimit: Codable, Equatable {
        var perSecond: Double
        var burst: Int
    }

    struct Channels: Codable, Equatable {
        /// `sandbox` captures every message in the store instead of sending it; `live` uses the providers.
        var mode: String?
        var app: AppWebhook?
        var smtp: SMTP?
        /// Per channel kind (`sms`, `email`, `wechat`, `app`, `wecom-group`).
        var rateLimits: [String: RateLimit]?
        // The providers (ProviderChannelSettings.swift).
        var sms: SMSSelection?
        var tencent: TencentCloud?
        var aliyun: AlibabaCloud?
        var wechat: WeChat?
        var wecom: WeCom?
    }

    // HTTP API and personal data (issue 7)
    struct API: Codable, Equatable {
        var requestsPerSecond: Double?
        var burst: Int?
        var maximumBodyBytes: Int?
    }

    var api: API?
    /// The data key ring, `id=base64key,…` (first = primary); required wherever subscribers are stored.
    var dataKeys: String?

    var kafka = Kafka()
    var store = Store()
    var http = HTTP()
    var channels = Channels()
    // Worker health endpoints (/healthz, /readyz) — deploy issue 8.
    var health = Health()
    /// Names this process in delivery claims; keep it stable across restarts of the same instance.
    var workerID: String?
    /// Response windows and ops alerts (GovPushConfiguration+Windows.swift).
    var windows: Windows?

    /// The environment variables read, with the key each one sets.
    static let environmentKeys: [(variable: String, key: String)] = [
        ("GOVPUSH_KAFKA_BOOTSTRAP", "kafka.bootstrap"),
        ("GOVPUSH_STORE_URL", "store.url"),
        ("GOVPUSH_HTTP_HOST", "http.host"),
        ("GOVPUSH_HTTP_PORT", "http.port"),
        ("GOVPUSH_CHANNEL_MODE", "channels.mode"),
        ("GOVPUSH_APP_WEBHOOK_URL", "channels.app.url"),
        ("GOVPUSH_APP_WEBHOOK_SECRET", "channels.app.secret"),
        ("GOVPUSH_WORKER_ID", "workerID"),
        ("GOVPUSH_DATA_KEYS", "dataKeys"),
        ("GOVPUSH_API_REQUESTS_PER_SECOND", "api.requestsPerSecond"),
        ("GOVPUSH_API_BURST", "api.burst"),
        ("GOVPUSH_HEALTH_HOST", "health.host"),
        ("GOVPUSH_HEALTH_PORT", "health.port"),
        ("GOVPUSH_WINDOWS_ROSTER", "windows.roster"),
    ] + providerEnvironmentKeys + smtpEnvironmentKeys

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads the file (if any), then the environment, then checks the values.
    static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GovPushConfiguration {
        var configuration = GovPushConfiguration()
        if let file {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw Problem(description: "cannot read configuration file \(file): \(error.localizedDescription)")
            }
            do { configuration = try Self.decodeFile(data) } catch let error as DecodingError {
                throw Problem(description: "configuration file \(file): \(Self.describe(error))")
            } catch {
                throw Problem(description: "configuration file \(file): not valid JSON (\(error.localizedDescription))")
            }
        }
        try configuration.apply(environment)
        try configuration.validate()
        return configuration
    }

    private mutating func apply(_ environment: [String: String]) throws {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let v = value("GOVPUSH_KAFKA_BOOTSTRAP") { kafka.bootstrap = v }
        if let v = value("GOVPUSH_STORE_URL") { store.url = v }
        if let v = value("GOVPUSH_HTTP_HOST") { http.host = v }
        if let v = value("GOVPUSH_HTTP_PORT") {
            guard let port = Int(v) else { throw Problem(description: "GOVPUSH_HTTP_PORT=\(v) is not a port number") }
            http.port = port
        }
        if let v = value("GOVPUSH_CHANNEL_MODE") { channels.mode = v }
        if let v = value("GOVPUSH_APP_WEBHOOK_URL") { channels.app = channels.app ?? AppWebhook(); channels.app?.url = v }
        if let v = value("GOVPUSH_APP_WEBHOOK_SECRET") { channels.app = channels.app ?? AppWebhook(); channels.app?.secret = v }
        if let v = value("GOVPUSH_WORKER_ID") { workerID = v }
        applyProviderEnvironment(value)
        try applySMTP(value)
        if let v = value("GOVPUSH_DATA_KEYS") { dataKeys = v }
        if let v = value("GOVPUSH_API_REQUESTS_PER_SECOND") {
            guard let rate = Double(v) else { throw Problem(description: "GOVPUSH_API_REQUESTS_PER_SECOND=\(v) is not a number") }
            api = api ?? API(); api?.requestsPerSecond = rate
        }
        if let v = value("GOVPUSH_API_BURST") {
            guard let burst = Int(v) else { throw Problem(description: "GOVPUSH_API_BURST=\(v) is not an integer") }
            api = api ?? API(); api?.burst = burst
        }
        if let v = value("GOVPUSH_HEALTH_HOST") { health.host = v }
        if let v = value("GOVPUSH_HEALTH_PORT") {
            guard let port = Int(v) else { throw Problem(description: "GOVPUSH_HEALTH_PORT=\(v) is not a port number") }
            health.port = port
        }
        if let v = value("GOVPUSH_WINDOWS_ROSTER") {
            // JSON, like windows.roster in the file: bot keys and phone numbers belong in the environment.
            do {
                windows = windows ?? Windows()
                windows?.roster = try JSONDecoder().decode([String: RosterEntry].self, from: Data(v.utf8))
            } catch let error as DecodingError {
                throw Problem(description: "GOVPUSH_WINDOWS_ROSTER: \(Self.describe(error))")
            }
        }
    }

    private func validate() throws {
        if let port = http.port, !(1...65_535).contains(port) { throw Problem(description: "http.port must be 1-65535, got \(port)") }
        if let port = health.port, !(1...65_535).contains(port) { throw Problem(description: "health.port must be 1-65535, got \(port)") }
        if let mode = channels.mode, !["sandbox", "live"].contains(mode) {
            throw Problem(description: "channels.mode must be \"sandbox\" or \"live\", got \"\(mode)\"")
        }
        if let url = store.url, !(url.hasPrefix("sqlite:") || url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw Problem(description: "store.url must start with sqlite: or postgres://")
        }
        try validateSMTP()
        if let api {
            if let rate = api.requestsPerSecond, rate <= 0 { throw Problem(description: "api.requestsPerSecond must be > 0") }
            if let burst = api.burst, burst < 1 { throw Problem(description: "api.burst must be ≥ 1") }
            if let size = api.maximumBodyBytes, size < 1024 { throw Problem(description: "api.maximumBodyBytes must be ≥ 1024") }
        }
        for (channel, limit) in channels.rateLimits ?? [:] where limit.perSecond <= 0 || limit.burst < 1 {
            throw Problem(description: "channels.rateLimits.\(channel) needs perSecond > 0 and burst ≥ 1")
        }
        try validateProviders()
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)).\(key.stringValue) is required"
        case .dataCorrupted(let context):
            return "\(path(context).isEmpty ? "not valid JSON" : path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
