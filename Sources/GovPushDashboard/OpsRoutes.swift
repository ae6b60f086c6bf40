import Foundation
import GovPushDomain
import GovPushStore
import Hummingbird
import NIOCore

/// The ops routes, for any Hummingbird router or group (`govpush dev` now, `govpush api` too):
/// `GET /dashboard`, `GET /v1/windows` and `GET /metrics`.
public enum OpsRoutes {
    public typealias Store = NotificationStore & WindowStore

    public static func add<Context: RequestContext>(
        to router: some RouterMethods<Context>, store: any Store, reference: ReferenceCatalogs, metrics: OpsMetrics?,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        let regionName: @Sendable (RegionCode) -> String? = { reference.regions.region($0)?.name }
        router.get("v1/windows") { request, _ -> Response in
            switch WindowQuery.parse(parameters(request), reference: reference) {
            case .failure(let problem):
                return problem.response
            case .success(let query):
                let now = clock()
                let windows = try await store.windows(query.filter, now: now)
                return json(WindowList(windows: windows.map { WindowResource($0, now: now, regionName: regionName($0.region)) }))
            }
        }
        router.get("dashboard") { request, _ -> Response in
            switch WindowQuery.parse(parameters(request), reference: reference, states: false) {
            case .failure(let problem):
                return problem.response
            case .success(let query):
                let now = clock()
                var open = query.filter, closed = query.filter
                open.state = nil
                closed.state = .closed
                closed.limit = 50
                let active = try await store.windows(open, now: now).filter { !$0.isClosed }
                let page = DashboardPage(
                    now: now, filter: query.filter, open: active, closed: try await store.windows(closed, now: now),
                    outbox: try await store.recentSandboxMessages(limit: 20), deliveryCounts: try await store.deliveryCounts(),
                    reference: reference)
                return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: page.html)))
            }
        }
        if let metrics {
            router.get("metrics") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                         body: ResponseBody(byteBuffer: ByteBuffer(string: await metrics.scrape())))
            }
        }
    }

    private static func parameters(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { values[String(name)] = String(value) }
        return values
    }

    private static func json(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
