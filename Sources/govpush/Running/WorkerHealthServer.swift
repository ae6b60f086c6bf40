import Foundation
import GovPushKafka
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP side of a worker role: `/healthz` (the process is alive and serving) and `/readyz`
/// (`WorkerReadiness`: 200 with the checks as JSON, or 503 naming what is not ready). Orchestrators
/// restart on the first and route or wait on the second.
struct WorkerHealthServer: Service {
    let readiness: WorkerReadiness
    let host: String
    let port: Int
    let logger: Logger

    /// `/healthz` and `/readyz` on any router (the API process serves them beside /v1).
    static func addRoutes(to router: Router<BasicRequestContext>, readiness: WorkerReadiness) {
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> EditedResponse<String> in
            let report = await readiness.check()
            let body = String(decoding: (try? JSONEncoder().encode(report)) ?? Data(), as: UTF8.self) + "\n"
            return EditedResponse(status: report.ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"], response: body)
        }
    }

    func run() async throws {
        let router = Router()
        Self.addRoutes(to: router, readiness: readiness)
        let application = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "govpush-worker"),
                                      logger: logger)
        do {
            try await application.run()
        } catch {
            await readiness.admin.close()
            throw error
        }
        await readiness.admin.close()
    }
}
