import Foundation
import GovPushChannels
import Synchronization

/// Alibaba Cloud SMS `SendSms` (dysmsapi 2017-05-25) on 127.0.0.1, following the documented RPC contract: it
/// recomputes the HMAC-SHA1 signature from the AccessKey secret and answers `SignatureDoesNotMatch` (HTTP 400)
/// on a mismatch, `InvalidAccessKeyId.NotFound` (404) for an unknown key, `SignatureNonceUsed` for a reused
/// nonce, `InvalidTimeStamp.Expired` beyond 15 minutes of skew, `MissingParameter`/`isv.MOBILE_NUMBER_ILLEGAL`
/// for bad input. Scripted codes are answered in request order, then `OK`.
public final class AliyunSMSStandIn: Sendable {
    public enum Reply: Sendable, Equatable {
        /// A business `Code` answered with HTTP 200, e.g. `isv.BUSINESS_LIMIT_CONTROL`.
        case code(String)
        /// A bare HTTP status with a `Code` body, e.g. `(503, "ServiceUnavailable")`.
        case http(Int, code: String)
    }

    /// A request the stand-in accepted as signed: its parameters.
    public struct Received: Sendable {
        public var method: String
        public var parameters: [String: String]
    }

    private struct State {
        var script: [Reply] = []
        var received: [Received] = []
        var refusals: [String] = []
        var nonces: Set<String> = []
        var serial = 0
    }

    public let accessKeyID: String
    public let accessKeySecret: String
    private let server: ProviderStandIn
    private let state: Mutex<State>

    /// `http://127.0.0.1:<port>/`.
    public var endpoint: String { server.baseURL + "/" }

    private init(accessKeyID: String, accessKeySecret: String, server: ProviderStandIn) {
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.server = server
        self.state = Mutex(State())
    }

    public static func start(accessKeyID: String, accessKeySecret: String) async throws -> AliyunSMSStandIn {
        let box = StandInBox<AliyunSMSStandIn>()
        let server = try await ProviderStandIn.start { request in box.value?.answer(request) ?? .json([:], status: 503) }
        let standIn = AliyunSMSStandIn(accessKeyID: accessKeyID, accessKeySecret: accessKeySecret, server: server)
        box.set(standIn)
        return standIn
    }

    public func script(_ replies: Reply...) { state.withLock { $0.script.append(contentsOf: replies) } }
    public var received: [Received] { state.withLock { $0.received } }
    public var refusals: [String] { state.withLock { $0.refusals } }
    public func shutdown() async throws { try await server.shutdown() }

    private func refuse(_ code: String, status: Int) -> StandInResponse {
        state.withLock { $0.refusals.append(code) }
        return .json(["Code": code, "Message": "refused by the stand-in", "RequestId": UUID().uuidString], status: status)
    }

    func answer(_ request: StandInRequest) -> StandInResponse {
        var parameters = request.query
        if request.method == "POST" {
            for (name, value) in StandInRequest.formFields(String(decoding: request.body, as: UTF8.self)) { parameters[name] = value }
        }
        for required in ["AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp", "Version", "Signature"]
        where parameters[required]?.isEmpty ?? true {
            return refuse("MissingParameter", status: 400)
        }
        guard parameters["AccessKeyId"] == accessKeyID else { return refuse("InvalidAccessKeyId.NotFound", status: 404) }
        guard parameters["SignatureMethod"] == "HMAC-SHA1", parameters["SignatureVersion"] == "1.0" else {
            return refuse("InvalidParameter", status: 400)
        }
        let expected = AliyunRPCSignature(accessKeySecret: ProviderSecret(accessKeySecret)).signature(method: request.method, parameters: parameters)
        guard expected == parameters["Signature"] else { return refuse("SignatureDoesNotMatch", status: 400) }
        guard let timestamp = parameters["Timestamp"].flatMap(Self.parseTimestamp), abs(timestamp.timeIntervalSinceNow) <= 900 else {
            return refuse("InvalidTimeStamp.Expired", status: 400)
        }
        let nonce = parameters["SignatureNonce"]!
        let reused = state.withLock { state in !state.nonces.insert(nonce).inserted }
        guard !reused else { return refuse("SignatureNonceUsed", status: 400) }
        guard parameters["Action"] == "SendSms", parameters["Version"] == AliyunSMSConfiguration.version else {
            return refuse("InvalidAction.NotFound", status: 404)
        }
        for required in ["PhoneNumbers", "SignName", "TemplateCode"] where parameters[required]?.isEmpty ?? true {
            return refuse("MissingParameter", status: 400)
        }
        if let param = parameters["TemplateParam"], (try? JSONSerialization.jsonObject(with: Data(param.utf8))) as? [String: Any] == nil {
            return .json(["Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法", "RequestId": UUID().uuidString])
        }
        let (reply, serial): (Reply?, Int) = state.withLock { state in
            state.received.append(Received(method: request.method, parameters: parameters))
            state.serial += 1
            return (state.script.isEmpty ? nil : state.script.removeFirst(), state.serial)
        }
        let requestID = UUID().uuidString
        if parameters["PhoneNumbers"]!.wholeMatch(of: /1[3-9][0-9]{9}/) == nil {
            return .json(["Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": requestID])
        }
        switch reply {
        case .code(let code): return .json(["Code": code, "Message": "scripted", "RequestId": requestID])
        case .http(let status, let code): return .json(["Code": code, "Message": "scripted", "RequestId": requestID], status: status)
        case nil: return .json(["Code": "OK", "Message": "OK", "BizId": "900619746936498440^\(serial)", "RequestId": requestID])
        }
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return text.hasSuffix("Z") ? formatter.date(from: text) : nil
    }
}
