import Foundation
import GovPushAPI
import GovPushTesting
import HummingbirdTesting
import Testing

/// The served document is the repository's, and it describes every route the API mounts.
@Suite struct OpenAPIDocumentTests {
    @Test func theServedDocumentIsTheRepositoryFileAndCoversEveryRoute() async throws {
        let repository = try RepositoryFiles.bytes("docs/openapi.json")
        #expect(OpenAPIDocument.bytes == repository, "Sources/GovPushAPI/Resources/openapi.json must be a copy of docs/openapi.json")
        let harness = try await APIHarness.start()
        try await harness.application().test(.router) { client in
            let served = try await client.execute(uri: "/v1/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(Array(served.body.readableBytesView) == repository)
        }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(repository)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for route in APIRoute.all {
            let operation = paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any]
            #expect(operation != nil, "\(route.method) \(route.path) is not documented")
            #expect((operation?["description"] as? String)?.contains(route.scope.rawValue) == true, "\(route.path) does not name its scope")
        }
        let documented = paths.flatMap { path, item in item.keys.filter { $0 != "parameters" }.map { "\($0.uppercased()) \(path)" } }
        let mounted = APIRoute.all.map { "\($0.method.rawValue) \($0.path)" } + ["GET \(APIRoute.openAPIPath)"]
        #expect(Set(documented) == Set(mounted), "the document lists routes the API does not serve")
        try await harness.stop()
    }
}
