import AsyncHTTPClient
import Foundation
import GovPushChannels
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushStore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Consumes `govpush.delivery-status` and POSTs each outcome of a tenant's subscriber to the tenant's
/// registered callback URL, signed with the tenant's secret exactly like app webhooks (`X-GovPush-Delivery`,
/// `X-GovPush-Timestamp`, `X-GovPush-Signature` = hex HMAC-SHA256(secret, timestamp + "." + body)).
///
/// 2xx is done; 408, 429, 5xx and network errors are retried with exponential backoff and jitter up to
/// `maximumAttempts`; other 4xx are given up at once. The offset is committed after the record is done
/// either way, so a restart resumes where it stopped (at-least-once: receivers dedupe on the headers).
public final class StatusCallbackForwarder: Service {
    public struct Configuration: Sendable {
        public var bootstrapServers: String
        public var groupID = "govpush-status-callbacks"
        public var kafkaProperties: [String: String] = [:]
        public var maximumAttempts = 5
        public var firstBackoff: Duration = .seconds(1)
        public var maximumBackoff: Duration = .seconds(30)
        public var timeout: Duration = .seconds(10)

        public init(bootstrapServers: String) { self.bootstrapServers = bootstrapServers }
    }

    private let configuration: Configuration
    private let consumer: KafkaConsumer
    private let store: any APIStore
    private let client: HTTPClient
    private let clock: @Sendable () -> Date
    private let logger: Logger

    public static func start(_ configuration: Configuration, store: any APIStore, clock: @escaping @Sendable () -> Date = { Date() },
                             logger: Logger = Logger(label: "govpush.api.callbacks")) async throws -> StatusCallbackForwarder {
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: configuration.bootstrapServers, groupID: configuration.groupID,
                                                               topics: [GovPushTopics.deliveryStatus])
        consumerConfiguration.properties = configuration.kafkaProperties
        let consumer = try await KafkaConsumer.connect(consumerConfiguration, logger: logger)
        return StatusCallbackForwarder(configuration: configuration, consumer: consumer, store: store, clock: clock, logger: logger)
    }

    private init(configuration: Configuration, consumer: KafkaConsumer, store: any APIStore, clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.configuration = configuration
        self.consumer = consumer
        self.store = store
        self.client = HTTPClient(eventLoopGroupProvider: .singleton)
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                for try await message in self.consumer.messages {
                    await self.forward(message.value)
                    try await self.consumer.commit(message)
                }
            }
        } catch is CancellationError {
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    public func shutdown() async {
        try? await consumer.close()
        try? await client.shutdown()
    }

    func forward(_ value: [UInt8]) async {
        guard let record = try? DeliveryStatusRecord(record: value) else {
            logger.warning("skipped an unreadable delivery-status record", metadata: ["bytes": "\(value.count)"])
            return
        }
        guard let slash = record.subscriberID.firstIndex(of: "/") else { return }  // not an API tenant's subscriber
        let tenantID = String(record.subscriberID[..<slash])
        let tenant: TenantRecord
        do {
            guard let found = try await store.tenant(id: tenantID), found.callbackURL != nil else { return }
            tenant = found
        } catch {
            logger.error("could not read the tenant of a delivery status", metadata: ["tenant": "\(tenantID)", "error": "\(error)"])
            return
        }
        let callback = StatusCallback(record, externalId: String(record.subscriberID[record.subscriberID.index(after: slash)...]))
        guard let url = tenant.callbackURL, let body = try? APIJSON.encoder.encode(callback) else { return }
        let signature = WebhookSignature(secret: WebhookSecret(bytes: tenant.secret))
        var backoff = configuration.firstBackoff
        for attempt in 1...configuration.maximumAttempts {
            let timestamp = Int64(clock().timeIntervalSince1970.rounded(.down))
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: WebhookSignature.deliveryHeader, value: record.deliveryID)
            request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
            request.headers.add(name: WebhookSignature.signatureHeader, value: signature.sign(body: Array(body), timestamp: timestamp))
            request.body = .bytes(ByteBuffer(bytes: body))
            let status: Int?
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(Int64(configuration.timeout.components.seconds) * 1_000_000_000))
                status = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 64 * 1024)
            } catch {
                status = nil
            }
            if let status, (200..<300).contains(status) { return }
            let transient = status.map { $0 == 408 || $0 == 429 || $0 >= 500 } ?? true
            let metadata: Logger.Metadata = ["tenant": "\(tenant.id)", "delivery": "\(record.deliveryID)",
                                             "status": "\(status.map(String.init) ?? "no answer")", "attempt": "\(attempt)"]
            guard transient, attempt < configuration.maximumAttempts else {
                logger.warning("status callback given up", metadata: metadata)
                return
            }
            logger.notice("status callback failed; retrying", metadata: metadata)
            let jitter = Double.random(in: 0.8...1.2)
            try? await Task.sleep(for: backoff * jitter)
            backoff = min(backoff * 2, configuration.maximumBackoff)
        }
    }
}
