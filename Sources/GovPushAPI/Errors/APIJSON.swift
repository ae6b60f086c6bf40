import Foundation
import GovPushDomain
import HTTPTypes
import Hummingbird

/// How the API writes and reads JSON: sorted keys, RFC 3339 instants, request bodies parsed into
/// `JSONValue` so validation can report every field at once.
enum APIJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func noContent() -> Response { Response(status: .noContent) }

    /// The body as a JSON object, or a 400 naming what is wrong with it.
    static func object(_ body: [UInt8]) throws(APIProblem) -> [String: JSONValue] {
        guard !body.isEmpty else { throw .malformedJSON("the request body is empty; a JSON object is expected") }
        let value: JSONValue
        do { value = try JSONValue.parse(body) } catch { throw .malformedJSON("not valid JSON: \(error.description)") }
        guard case .object(let fields) = value else { throw .malformedJSON("the body must be a JSON object") }
        return fields
    }
}
