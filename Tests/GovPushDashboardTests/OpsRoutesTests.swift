import Foundation
import GovPushDashboard
import GovPushDomain
import GovPushStore
import GovPushTesting
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// `/v1/windows` filters and bad parameters, `/metrics` gauges and `/dashboard` content, on both stores.
@Suite struct OpsRoutesTests {
    let reference = try! ReferenceCatalogs.bundled()
    /// 2025-10-09 10:00 +08:00.
    let now = Date(timeIntervalSince1970: 1_759_975_200)

    func seed(_ store: any OpsRoutes.Store) async throws {
        let open = ResponseWindow(kind: .majorIncident, aggregateID: "yq-open", region: try RegionCode("340223"),
                                  domains: [try DomainID("social-assistance")], subject: "南陵县某镇道路塌陷",
                                  openedAt: now.addingTimeInterval(-60), dueAt: now.addingTimeInterval(5 * 3600 - 60), openingEventID: "e1")
        let breached = ResponseWindow(kind: .otherIncident, aggregateID: "yq-late", region: try RegionCode("610000"),
                                      domains: [try DomainID("employment")], subject: "陕西就业补贴发放延迟",
                                      openedAt: now.addingTimeInterval(-49 * 3600), dueAt: now.addingTimeInterval(-3600), openingEventID: "e2")
        let closed = ResponseWindow(kind: .policyInterpretation, aggregateID: "p-1", region: try RegionCode("340200"),
                                    domains: [try DomainID("social-assistance")], subject: "芜湖市社会救助办法",
                                    openedAt: now.addingTimeInterval(-86_400), dueAt: now.addingTimeInterval(86_400), openingEventID: "e3")
        for window in [open, breached, closed] { _ = try await store.openWindow(window, alerts: [], at: now) }
        _ = try await store.closeWindow(ResponseWindowClosure(family: .policyInterpretation, aggregateID: "p-1",
                                                              closedAt: now.addingTimeInterval(-3600), closingEventID: "e4"), at: now)
    }

    func withApp(_ backend: StoreBackend, _ body: @escaping @Sendable (any TestClientProtocol, PrometheusCollectorRegistry) async throws -> Void) async throws {
        try await withStore(backend) { _, opened in
            let store = try #require(opened.store as? any OpsRoutes.Store)
            try await seed(store)
            let registry = PrometheusCollectorRegistry()
            let metrics = OpsMetrics(registry: registry, store: store,
                                     groups: [.init(group: "govpush-window-tracker", topic: "govpush.events")],
                                     lag: { _ in 7 }, clock: { [now] in now })
            let router = Router()
            OpsRoutes.add(to: router, store: store, reference: reference, metrics: metrics, clock: { [now] in now })
            try await Application(router: router).test(.router) { client in try await body(client, registry) }
        }
    }

    static func ids(_ body: ByteBuffer) -> [String] {
        let object = (try? JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8))) as? [String: Any]
        return (object?["windows"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test(arguments: StoreBackend.allCases)
    func windowsFilterByStateRegionAndDomain(_ backend: StoreBackend) async throws {
        try await withApp(backend) { client, _ in
            try await client.execute(uri: "/v1/windows", method: .get) { response in
                #expect(response.status == .ok)
                // Open and breached by due time, then closed.
                #expect(Self.ids(response.body) == ["incident:yq-late", "incident:yq-open", "policy-interpretation:p-1"])
            }
            try await client.execute(uri: "/v1/windows?state=open", method: .get) { response in
                #expect(Self.ids(response.body) == ["incident:yq-open"])
                let text = String(buffer: response.body)
                #expect(text.contains("\"due_at\":\"2025-10-09T14:59:00+08:00\""))
                #expect(text.contains("\"opened_at\":\"2025-10-09T09:59:00+08:00\""))
                #expect(text.contains("\"kind\":\"major-incident\""))
                #expect(text.contains("\"state\":\"open\""))
            }
            try await client.execute(uri: "/v1/windows?state=breached", method: .get) { response in
                #expect(Self.ids(response.body) == ["incident:yq-late"])
            }
            try await client.execute(uri: "/v1/windows?state=closed", method: .get) { response in
                #expect(Self.ids(response.body) == ["policy-interpretation:p-1"])
            }
            // A city's subtree holds its county's window; the province of Shaanxi holds only its own.
            try await client.execute(uri: "/v1/windows?region=340200", method: .get) { response in
                #expect(Self.ids(response.body) == ["incident:yq-open", "policy-interpretation:p-1"])
            }
            try await client.execute(uri: "/v1/windows?region=610000&state=breached", method: .get) { response in
                #expect(Self.ids(response.body) == ["incident:yq-late"])
            }
            try await client.execute(uri: "/v1/windows?domain=employment", method: .get) { response in
                #expect(Self.ids(response.body) == ["incident:yq-late"])
            }
        }
    }

    @Test(arguments: [
        ("state=late", "state"), ("region=34022", "region"), ("region=999999", "region"), ("domain=Social", "domain"),
        ("domain=no-such-domain", "domain"), ("limit=0", "limit"),
    ])
    func badParametersAreProblemsNamingTheParameter(_ query: String, _ parameter: String) async throws {
        try await withApp(.sqlite) { client, _ in
            try await client.execute(uri: "/v1/windows?\(query)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let object = (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any]
                #expect(object?["parameter"] as? String == parameter)
                #expect(object?["status"] as? Int == 400)
                #expect((object?["detail"] as? String)?.contains(parameter) == true)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func metricsRenderWindowGaugesAndConsumerLag(_ backend: StoreBackend) async throws {
        try await withApp(backend) { client, _ in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE govpush_windows gauge"))
                #expect(text.contains("govpush_windows{state=\"open\"} 1.0\n"))
                #expect(text.contains("govpush_windows{state=\"breached\"} 1.0\n"))
                #expect(text.contains("govpush_windows{state=\"closed\"} 1.0\n"))
                #expect(text.contains("govpush_consumer_lag{group=\"govpush-window-tracker\",topic=\"govpush.events\"} 7.0\n"))
            }
        }
    }

    @Test func dashboardListsWindowsWithServerRenderedCountdowns() async throws {
        try await withApp(.sqlite) { client, _ in
            try await client.execute(uri: "/dashboard", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("南陵县某镇道路塌陷"))
                #expect(html.contains("剩余 4:59:00"))
                #expect(html.contains("已超时 1:00:00"))
                #expect(html.contains("data-state=\"breached\""))
                #expect(html.contains("芜湖市社会救助办法"))
            }
            try await client.execute(uri: "/dashboard?region=999999", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
