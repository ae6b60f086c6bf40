import AsyncHTTPClient
import Foundation
import GovPushDomain
import Logging
import NIOCore
import NIOHTTP1

/// The app-backend webhook (`ChannelKind.app`): a signed JSON POST per notification to the integrating app,
/// which shows it to its user `app_user_id` (docs/channels.md "The app webhook contract").
///
/// The delivery id travels in `X-GovPush-Delivery` so the receiver can drop the duplicates that the crash
/// window between its acceptance and GovPush's record makes possible.
public struct AppWebhookChannel: NotificationChannel {
    public var kind: ChannelKind { .app }

    public let configuration: AppWebhookConfiguration
    private let httpClient: HTTPClient
    private let signature: WebhookSignature
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// - Parameters:
    ///   - httpClient: shared by every channel in the process (its connection pool is the point); the caller
    ///     owns its lifecycle. The default, `sharedHTTPClient`, needs no shutdown.
    ///   - now: the clock stamped into `X-GovPush-Timestamp` and `sent_at`.
    public init(configuration: AppWebhookConfiguration, httpClient: HTTPClient = AppWebhookChannel.sharedHTTPClient,
                now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "govpush.channel.app")) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.signature = WebhookSignature(secret: configuration.secret)
        self.now = now
        self.logger = logger
    }

    public func send(_ notification: OutgoingNotification) async -> ChannelOutcome {
        guard case .app(let userID) = notification.address else {
            return .permanent(reason: "delivery \(notification.deliveryID): address is \(notification.address.kind), not an app user")
        }
        let sentAt = now()
        let timestamp = Int64(sentAt.timeIntervalSince1970.rounded(.down))
        let body: [UInt8]
        do {
            body = try AppWebhookPayload(notification, appUserID: userID, sentAt: sentAt).encoded()
        } catch {
            return .permanent(reason: "delivery \(notification.deliveryID): payload could not be encoded: \(error)")
        }

        var request = HTTPClientRequest(url: configuration.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: WebhookSignature.deliveryHeader, value: notification.deliveryID)
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
        request.headers.add(name: WebhookSignature.signatureHeader, value: signature.sign(body: body, timestamp: timestamp))
        request.body = .bytes(ByteBuffer(bytes: body))

        let outcome: ChannelOutcome
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(configuration.timeout))
            let responseBody = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            outcome = WebhookResponseClassification.outcome(
                status: Int(response.status.code),
                retryAfter: response.headers.first(name: "Retry-After"),
                requestID: response.headers.first(name: "X-Request-Id"),
                body: Array(buffer: responseBody))
        } catch {
            // Refused connections, resets, TLS failures, deadlines and oversized answers: the receiver may be
            // back later. The error text names the failure, never the request's content.
            outcome = .transient(reason: "app backend unreachable: \(Self.describe(error))", retryAfter: nil)
        }
        logger.debug("app webhook attempt", metadata: [
            "delivery": "\(notification.deliveryID)", "event": "\(notification.eventID)",
            "outcome": "\(outcome)",
        ])
        return outcome
    }

    /// How webhook clients should be configured: redirects are not followed, because a signed POST must
    /// reach the configured endpoint or fail (a 3xx is a misconfiguration, answered permanent), unlike
    /// `HTTPClient.shared`, which follows them like a browser.
    public static var recommendedClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.httpVersion = .automatic
        return configuration
    }

    /// One process-wide client with `recommendedClientConfiguration`, never shut down (like `HTTPClient.shared`).
    public static let sharedHTTPClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                                    configuration: recommendedClientConfiguration)

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return "timed out (\(error))"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}
