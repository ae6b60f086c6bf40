import Foundation
import HTTPTypes
import Hummingbird

/// An error answered as `application/problem+json` (RFC 9457): a stable `type`, a title, a detail written
/// for the integrator, and for validation failures every offending field. Never carries internal details
/// (SQL, stack traces, addresses in clear).
public struct APIProblem: Error, Sendable, Equatable {
    /// One offending field: a JSON path into the request (`channels[1].phone`), a header or a parameter.
    public struct Issue: Sendable, Equatable, Codable {
        public var field: String
        public var reason: String
        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }
    }

    public var status: HTTPResponse.Status
    /// Short slug; the problem `type` is `urn:govpush:problem:<slug>`.
    public var slug: String
    public var title: String
    public var detail: String
    public var issues: [Issue]
    public var retryAfterSeconds: Int?

    public init(status: HTTPResponse.Status, slug: String, title: String, detail: String, issues: [Issue] = [], retryAfterSeconds: Int? = nil) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.issues = issues
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static let contentType = "application/problem+json"

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var issues: [Issue]?
    }

    public func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        let body = Body(type: "urn:govpush:problem:\(slug)", title: title, status: status.code, detail: detail,
                        issues: issues.isEmpty ? nil : issues)
        let data = (try? APIJSON.encoder.encode(body)) ?? Data()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIProblem {
    static func unauthorized(_ slug: String, _ detail: String, field: String? = nil) -> APIProblem {
        APIProblem(status: .unauthorized, slug: slug, title: "Request not authenticated", detail: detail,
                   issues: field.map { [Issue(field: $0, reason: detail)] } ?? [])
    }

    static func forbidden(scope: APIScope) -> APIProblem {
        APIProblem(status: .forbidden, slug: "missing-scope", title: "Scope not granted",
                   detail: "this key lacks the \"\(scope.rawValue)\" scope needed here")
    }

    static func notFound(_ what: String) -> APIProblem {
        APIProblem(status: .notFound, slug: "not-found", title: "Not found", detail: "\(what) does not exist")
    }

    static func invalid(_ issues: [Issue], detail: String = "the request has invalid fields") -> APIProblem {
        APIProblem(status: .unprocessableContent, slug: "validation-failed", title: "Invalid request", detail: detail, issues: issues)
    }

    static func badParameter(_ field: String, _ reason: String) -> APIProblem {
        APIProblem(status: .badRequest, slug: "invalid-parameter", title: "Invalid parameter", detail: "\(field): \(reason)",
                   issues: [Issue(field: field, reason: reason)])
    }

    static func malformedJSON(_ reason: String) -> APIProblem {
        APIProblem(status: .badRequest, slug: "malformed-json", title: "Malformed JSON", detail: reason,
                   issues: [Issue(field: "$", reason: reason)])
    }

    static func tooLarge(limit: Int) -> APIProblem {
        APIProblem(status: .contentTooLarge, slug: "body-too-large", title: "Request body too large",
                   detail: "request bodies are limited to \(limit) bytes")
    }

    static func rateLimited(retryAfter: Int) -> APIProblem {
        APIProblem(status: .tooManyRequests, slug: "rate-limited", title: "Too many requests",
                   detail: "this key's request rate is exhausted; retry after \(retryAfter) s", retryAfterSeconds: retryAfter)
    }

    static let unavailable = APIProblem(status: .serviceUnavailable, slug: "unavailable", title: "Temporarily unavailable",
                                        detail: "the event could not be published now; retry later", retryAfterSeconds: 5)

    static let internalError = APIProblem(status: .internalServerError, slug: "internal", title: "Internal error",
                                          detail: "the request failed on the server; it has been logged")
}
