import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request to a provider's API and its complete answer, or why there was none.
///
/// The providers' channels share it so that timeouts, body limits and the wording of "unreachable" are the
/// same everywhere; what an answer *means* stays in each provider's own classification file.
struct ProviderExchange {
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The body as a JSON object, or nil when it is not one.
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    /// Why no answer arrived. Names the failure only, never the request's content (it carries addresses).
    struct Unreachable: Error, CustomStringConvertible {
        var description: String
    }

    let httpClient: HTTPClient
    let timeout: Duration
    let maximumResponseBytes: Int

    func send(_ request: HTTPClientRequest) async -> Result<Answer, Unreachable> {
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: maximumResponseBytes)
            return .success(Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body)))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .failure(Unreachable(description: "timed out (\(error))"))
            default: return .failure(Unreachable(description: "\(error)"))
            }
        } catch {
            return .failure(Unreachable(description: "\(error)"))
        }
    }

    /// A JSON POST.
    static func jsonPOST(_ url: String, body: [UInt8], headers: [(String, String)] = []) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }
}
