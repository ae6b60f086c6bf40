import Foundation
import GovPushStore
import Hummingbird

/// One authenticated request as the handlers see it: the tenant, the raw body, path parameters and query.
struct APICall: Sendable {
    let tenant: TenantRecord
    let body: [UInt8]
    let parameters: [String: String]
    let query: [String: String]
    let now: Date

    func parameter(_ name: String) -> String { parameters[name] ?? "" }
}
