import HTTPTypes

/// Every authenticated route of the /v1 API: method, path template (the same string in the router and
/// in docs/openapi.json), the scope it needs and what handles it.
public struct APIRoute: Sendable {
    enum Operation: Sendable {
        case putSubscriber, getSubscriber, deleteSubscriber, putSubscriptions, putPreferences, lookupSubscribers
        case recordGrant, listGrants, inbox, markRead, notification
        case putCallback, getCallback, deleteCallback, ingestEvent
    }

    public let method: HTTPRequest.Method
    public let path: String
    public let scope: APIScope
    let operation: Operation

    public static let all: [APIRoute] = [
        APIRoute(method: .put, path: "/v1/subscribers/{externalId}", scope: .subscribers, operation: .putSubscriber),
        APIRoute(method: .get, path: "/v1/subscribers/{externalId}", scope: .read, operation: .getSubscriber),
        APIRoute(method: .delete, path: "/v1/subscribers/{externalId}", scope: .subscribers, operation: .deleteSubscriber),
        APIRoute(method: .put, path: "/v1/subscribers/{externalId}/subscriptions", scope: .subscribers, operation: .putSubscriptions),
        APIRoute(method: .put, path: "/v1/subscribers/{externalId}/preferences", scope: .subscribers, operation: .putPreferences),
        APIRoute(method: .post, path: "/v1/subscriber-lookups", scope: .read, operation: .lookupSubscribers),
        APIRoute(method: .post, path: "/v1/subscribers/{externalId}/wechat-grants", scope: .subscribers, operation: .recordGrant),
        APIRoute(method: .get, path: "/v1/subscribers/{externalId}/wechat-grants", scope: .read, operation: .listGrants),
        APIRoute(method: .get, path: "/v1/subscribers/{externalId}/inbox", scope: .read, operation: .inbox),
        APIRoute(method: .post, path: "/v1/subscribers/{externalId}/inbox/{notificationId}/read", scope: .subscribers, operation: .markRead),
        APIRoute(method: .get, path: "/v1/notifications/{notificationId}", scope: .read, operation: .notification),
        APIRoute(method: .put, path: "/v1/status-callback", scope: .read, operation: .putCallback),
        APIRoute(method: .get, path: "/v1/status-callback", scope: .read, operation: .getCallback),
        APIRoute(method: .delete, path: "/v1/status-callback", scope: .read, operation: .deleteCallback),
        APIRoute(method: .post, path: "/v1/events", scope: .ingest, operation: .ingestEvent),
    ]

    /// Served without authentication.
    public static let openAPIPath = "/v1/openapi.json"
}
