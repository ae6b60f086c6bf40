import Foundation
import GovPushDomain
import GovPushProducers
import GovPushStore
import HTTPTypes
import Hummingbird
import Logging

/// The /v1 HTTP API for app backends and business systems (docs/api.md): mount it on any Hummingbird
/// router (`govpush api`, `govpush dev`); other features mount their own routes beside it.
///
/// Every route in `APIRoute.all` runs the same pipeline: body size limit (413), signature, timestamp and
/// nonce (401), scope (403), the tenant's rate limit (429), then the handler; any error becomes
/// problem+json, and unexpected ones a bare 500 (details go to the log only).
public struct GovPushAPI: Sendable {
    let store: any APIStore
    let publisher: EventPublisher
    let reference: ReferenceCatalogs
    let configuration: APIConfiguration
    let limiter: TenantRateLimiter
    let authenticator: RequestAuthenticator
    let logger: Logger

    public init(store: any APIStore, publisher: EventPublisher, reference: ReferenceCatalogs,
                configuration: APIConfiguration = .init(), logger: Logger = Logger(label: "govpush.api")) {
        self.store = store
        self.publisher = publisher
        self.reference = reference
        self.configuration = configuration
        self.limiter = TenantRateLimiter(requestsPerSecond: configuration.requestsPerSecond, burst: configuration.burst)
        self.authenticator = RequestAuthenticator(store: store, maximumClockSkew: configuration.maximumClockSkew)
        self.logger = logger
    }

    /// Adds the /v1 routes and `/v1/openapi.json` to `router`.
    public func mount<Context: RequestContext>(on router: Router<Context>) {
        let document = OpenAPIDocument.bytes
        router.get(RouterPath(APIRoute.openAPIPath)) { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
        }
        for route in APIRoute.all {
            let names = Self.parameterNames(route.path)
            router.on(RouterPath(route.path), method: route.method) { request, context -> Response in
                var parameters: [String: String] = [:]
                for name in names { parameters[name] = context.parameters.get(name) }
                return await self.respond(route, request: request, parameters: parameters)
            }
        }
    }

    func respond(_ route: APIRoute, request: Request, parameters: [String: String]) async -> Response {
        do {
            let now = configuration.clock()
            var request = request
            if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.maximumBodyBytes {
                throw APIProblem.tooLarge(limit: configuration.maximumBodyBytes)
            }
            let body: [UInt8]
            do {
                body = Array(try await request.collectBody(upTo: configuration.maximumBodyBytes).readableBytesView)
            } catch {
                throw APIProblem.tooLarge(limit: configuration.maximumBodyBytes)
            }
            let tenant = try await authenticator.authenticate(method: request.method.rawValue, target: request.head.path ?? "/",
                                                              headers: request.headers, body: body, now: now)
            guard tenant.scopes.contains(route.scope.rawValue) else { throw APIProblem.forbidden(scope: route.scope) }
            if let wait = limiter.admit(tenant.id, now: now) { throw APIProblem.rateLimited(retryAfter: wait) }
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let call = APICall(tenant: tenant, body: body, parameters: parameters, query: query, now: now)
            return try await handle(route.operation, call)
        } catch let problem as APIProblem {
            return problem.response()
        } catch {
            // Store and Kafka errors name operations and ids, never personal data; clients get none of it.
            logger.error("API request failed", metadata: ["route": "\(route.method) \(route.path)", "error": "\(error)"])
            return APIProblem.internalError.response()
        }
    }

    func handle(_ operation: APIRoute.Operation, _ call: APICall) async throws -> Response {
        switch operation {
        case .putSubscriber: try await putSubscriber(call)
        case .getSubscriber: try await getSubscriber(call)
        case .deleteSubscriber: try await deleteSubscriber(call)
        case .putSubscriptions: try await putSubscriptions(call)
        case .putPreferences: try await putPreferences(call)
        case .lookupSubscribers: try await lookupSubscribers(call)
        case .recordGrant: try await recordGrant(call)
        case .listGrants: try await listGrants(call)
        case .inbox: try await inbox(call)
        case .markRead: try await markRead(call)
        case .notification: try await notification(call)
        case .putCallback: try await putCallback(call)
        case .getCallback: try await getCallback(call)
        case .deleteCallback: try await deleteCallback(call)
        case .ingestEvent: try await ingestEvent(call)
        }
    }

    static func parameterNames(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }
}
