import Foundation
import GovPushDomain

/// One window as `/v1/windows` returns it; instants in RFC 3339 with +08:00.
struct WindowResource: Encodable, Sendable {
    var id: String
    var kind: String
    var region: String
    var regionName: String?
    var domains: [String]
    var subject: String
    var openedAt: String
    var dueAt: String
    var state: String
    var closedAt: String?
    var late: Bool?

    enum CodingKeys: String, CodingKey {
        case id, kind, region, regionName = "region_name", domains, subject, openedAt = "opened_at", dueAt = "due_at", state
        case closedAt = "closed_at", late
    }

    init(_ window: ResponseWindow, now: Date, regionName: String?) {
        id = window.id
        kind = window.kind.rawValue
        region = window.region.description
        self.regionName = regionName
        domains = window.domains.map(\.rawValue)
        subject = window.subject
        openedAt = ShanghaiTimestamp.rfc3339(window.openedAt)
        dueAt = ShanghaiTimestamp.rfc3339(window.dueAt)
        state = window.state(at: now).rawValue
        closedAt = window.closedAt.map(ShanghaiTimestamp.rfc3339)
        late = window.isClosed ? window.wasLate : nil
    }
}

struct WindowList: Encodable, Sendable {
    var windows: [WindowResource]
}
