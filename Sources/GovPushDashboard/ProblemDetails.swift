import Foundation
import Hummingbird
import NIOCore

/// An RFC 9457 problem (`application/problem+json`) naming the query parameter that was wrong.
struct ProblemDetails: Error, Encodable, Sendable {
    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var parameter: String?

    static func badParameter(_ name: String, _ detail: String) -> ProblemDetails {
        ProblemDetails(title: "Bad Request", status: 400, detail: detail, parameter: name)
    }

    var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Response(status: HTTPResponse.Status(code: status),
                        headers: [.contentType: "application/problem+json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
