import Crypto
import Foundation
import GovPushAPI
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushProducers
import GovPushStore
import GovPushTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A mounted API on a fresh store and embedded cluster, a tenant with every scope, and a signing client.
final class APIHarness: Sendable {
    let cluster: EmbeddedKafkaCluster
    let fixture: StoreFixture
    let opened: OpenedStore
    let producer: KafkaProducer
    let api: GovPushAPI
    let tenant: TenantRecord
    let clock: TestClock
    let reference = try! ReferenceCatalogs.bundled()

    var store: any APIStore { opened.apiStore }

    static func start(_ backend: StoreBackend = .sqlite, configure: (inout APIConfiguration) -> Void = { _ in }) async throws -> APIHarness {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        var layout = GovPushTopics()
        layout.replicationFactor = 1
        layout.deliveryPartitions = 2
        for spec in layout.specs { try cluster.createTopic(spec) }
        let fixture = try StoreFixture(backend)
        let opened = try await fixture.open()
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        return try await APIHarness(cluster: cluster, fixture: fixture, opened: opened, producer: producer, configure: configure)
    }

    private init(cluster: EmbeddedKafkaCluster, fixture: StoreFixture, opened: OpenedStore, producer: KafkaProducer,
                 configure: (inout APIConfiguration) -> Void) async throws {
        self.cluster = cluster
        self.fixture = fixture
        self.opened = opened
        self.producer = producer
        var configuration = APIConfiguration()
        configuration.requestsPerSecond = 1000
        configuration.burst = 1000
        configure(&configuration)
        let clock = TestClock()
        self.clock = clock
        configuration.clock = { clock.now }
        api = GovPushAPI(store: opened.apiStore, publisher: EventPublisher(producer: producer, reference: try ReferenceCatalogs.bundled()),
                         reference: try ReferenceCatalogs.bundled(), configuration: configuration)
        tenant = try await TenantProvisioning.create(name: "wst", scopes: APIScope.allCases, in: opened.apiStore).tenant
    }

    func stop() async throws {
        await producer.close()
        try await opened.store.close()
        try await fixture.destroy()
        withExtendedLifetime(cluster) {}
    }

    func application() -> some ApplicationProtocol {
        let router = Router()
        api.mount(on: router)
        return Application(router: router)
    }

    /// Headers signing `method target body` for `tenant` at the harness clock (or `timestamp`).
    func signedHeaders(_ method: HTTPRequest.Method, _ target: String, body: [UInt8], tenant: TenantRecord? = nil,
                       timestamp: Int64? = nil, nonce: String = UUID().uuidString, secret: [UInt8]? = nil) -> HTTPFields {
        let tenant = tenant ?? self.tenant
        let ts = String(timestamp ?? Int64(clock.now.timeIntervalSince1970))
        var headers = HTTPFields()
        headers[HTTPField.Name(RequestSignature.keyHeader)!] = tenant.id
        headers[HTTPField.Name(RequestSignature.timestampHeader)!] = ts
        headers[HTTPField.Name(RequestSignature.nonceHeader)!] = nonce
        headers[HTTPField.Name(RequestSignature.signatureHeader)!] = RequestSignature.sign(
            secret: secret ?? tenant.secret, method: method.rawValue, pathWithQuery: target, timestamp: ts, nonce: nonce, body: body)
        headers[.contentType] = "application/json"
        return headers
    }
}

struct APIReply {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: [UInt8]
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
    var issueFields: [String] { (json["issues"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [] }
    var problemType: String? { json["type"] as? String }
}

extension TestClientProtocol {
    func call(_ harness: APIHarness, _ method: HTTPRequest.Method, _ target: String, json: String? = nil,
              headers: HTTPFields? = nil) async throws -> APIReply {
        let body = Array((json ?? "").utf8)
        let response = try await execute(uri: target, method: method, headers: headers ?? harness.signedHeaders(method, target, body: body),
                                         body: json.map { ByteBuffer(string: $0) })
        return APIReply(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
    }
}

enum Samples {
    static let subscriber = """
        {"regions":[{"code":"340223","role":"home"}],"domains":["social-assistance"],
         "channels":[{"kind":"sms","phone":"+86 138-1234-5678"},{"kind":"email","email":"zhang.san@Example.COM"},
                     {"kind":"wechat","openId":"oWuhuNanling0123456789abc"}],
         "channelOrder":["wechat","sms","email"],"quietHours":{"start":"22:00","end":"07:30"},"optOuts":["interpretation"]}
        """
}

/// The API's clock in tests: set by hand, never read from the wall.
final class TestClock: Sendable {
    private let state = Mutex(Date())
    var now: Date { state.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { state.withLock { $0 += seconds } }
}
