import Foundation
import GovPushAPI
import GovPushDashboard
import GovPushDomain
import GovPushStore
import Hummingbird

/// The HTTP side of `govpush dev`: health and the sandbox outbox (the ops dashboard and the API join it
/// in their own issues).
enum DevHTTPServer {
    struct SandboxEntry: ResponseEncodable {
        let channel: String
        let subscriber: String
        let address: String
        let title: String
        let body: String
        let eventID: String
        let capturedAt: Date
    }

    static func application(store: any NotificationStore, api: GovPushAPI? = nil, host: String, port: Int,
                            reference: ReferenceCatalogs? = nil, bootstrap: String? = nil) -> some ApplicationProtocol {
        let router = Router()
        if let reference { OpsDashboard.mount(on: router, store: store, reference: reference, bootstrap: bootstrap) }
        router.get("healthz") { _, _ in "ok\n" }
        router.get("v1/sandbox") { request, _ -> [SandboxEntry] in
            let limit = request.uri.queryParameters.get("limit", as: Int.self).map { min(max($0, 1), 1_000) } ?? 50
            return try await store.recentSandboxMessages(limit: limit).map {
                SandboxEntry(channel: $0.channel.rawValue, subscriber: $0.subscriberID.rawValue, address: $0.maskedAddress,
                             title: $0.title, body: $0.body, eventID: $0.eventID, capturedAt: $0.capturedAt)
            }
        }
        api?.mount(on: router)  // the /v1 API (issue 7)
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "govpush-dev"))
    }
}
