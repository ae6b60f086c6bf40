import Foundation
import GovPushChannels
import Synchronization

/// Tencent Cloud SMS `SendSms` (API 3.0, 2021-01-11) on 127.0.0.1, following the documented contract: it
/// recomputes the `TC3-HMAC-SHA256` signature from the secret and answers `AuthFailure.SignatureFailure` on a
/// mismatch (`AuthFailure.SecretIdNotFound`, `AuthFailure.SignatureExpire` beyond 5 minutes of skew), checks
/// the `X-TC-*` headers and required parameters, and answers every number with its `SendStatusSet` entry.
/// Scripted codes are answered in request order, then `Ok`.
public final class TencentSMSStandIn: Sendable {
    /// One scripted answer.
    public enum Reply: Sendable, Equatable {
        /// The number's `SendStatusSet[].Code`, e.g. `LimitExceeded.PhoneNumberThirtySecondLimit`.
        case numberStatus(String)
        /// A request-level `Response.Error.Code`, e.g. `InternalError` or `RequestLimitExceeded`.
        case requestError(String)
        /// A bare HTTP status (a gateway in front of the API failing).
        case http(Int)
    }

    /// A request the stand-in accepted as signed.
    public struct Received: Sendable {
        public var headers: [String: String]
        public var phoneNumbers: [String]
        public var appID: String
        public var signName: String
        public var templateID: String
        public var templateParameters: [String]
        public var sessionContext: String?
    }

    private struct State {
        var script: [Reply] = []
        var received: [Received] = []
        var refusals: [String] = []
        var serial = 0
    }

    public let secretID: String
    public let secretKey: String
    public let appID: String
    private let server: ProviderStandIn
    private let state: Mutex<State>

    public var endpoint: String { server.baseURL }

    private init(secretID: String, secretKey: String, appID: String, server: ProviderStandIn, state: State) {
        self.secretID = secretID
        self.secretKey = secretKey
        self.appID = appID
        self.server = server
        self.state = Mutex(state)
    }

    public static func start(secretID: String, secretKey: String, appID: String) async throws -> TencentSMSStandIn {
        let box = StandInBox<TencentSMSStandIn>()
        let server = try await ProviderStandIn.start { request in
            box.value?.answer(request) ?? .json([:], status: 503)
        }
        let standIn = TencentSMSStandIn(secretID: secretID, secretKey: secretKey, appID: appID, server: server, state: State())
        box.set(standIn)
        return standIn
    }

    public func script(_ replies: Reply...) { state.withLock { $0.script.append(contentsOf: replies) } }
    /// Requests that passed the signature check, in order.
    public var received: [Received] { state.withLock { $0.received } }
    /// The error codes answered to requests refused before the script (signature, parameters).
    public var refusals: [String] { state.withLock { $0.refusals } }

    public func shutdown() async throws { try await server.shutdown() }

    private func error(_ code: String, _ message: String) -> StandInResponse {
        state.withLock { $0.refusals.append(code) }
        return .json(["Response": ["Error": ["Code": code, "Message": message], "RequestId": UUID().uuidString.lowercased()] as [String: Any]])
    }

    func answer(_ request: StandInRequest) -> StandInResponse {
        guard request.method == "POST" else { return error("InvalidParameter", "only POST is used here") }
        guard request.headers["x-tc-action"] == "SendSms" else { return error("InvalidAction", "action not found") }
        guard request.headers["x-tc-version"] == TencentSMSConfiguration.version else { return error("NoSuchVersion", "version not found") }
        guard request.headers["x-tc-region"]?.isEmpty == false else { return error("MissingParameter", "X-TC-Region is required") }
        guard let timestampText = request.headers["x-tc-timestamp"], let timestamp = Int64(timestampText) else {
            return error("MissingParameter", "X-TC-Timestamp is required")
        }
        guard let header = request.headers["authorization"], let authorization = TencentCloudAuthorization(header: header),
              authorization.signedHeaders.contains("content-type"), authorization.signedHeaders.contains("host") else {
            return error("AuthFailure.InvalidAuthorization", "Authorization is not a TC3-HMAC-SHA256 authorization")
        }
        guard authorization.secretID == secretID else { return error("AuthFailure.SecretIdNotFound", "the SecretId is not found") }
        guard abs(Int64(Date().timeIntervalSince1970) - timestamp) <= 300 else {
            return error("AuthFailure.SignatureExpire", "the signature expired: the timestamp is more than 5 minutes off")
        }
        guard authorization.date == TencentCloudSignature.date(of: timestamp), authorization.service == "sms" else {
            return error("AuthFailure.InvalidAuthorization", "the credential scope does not match the timestamp or service")
        }
        let signedHeaders = authorization.signedHeaders.map { (name: $0, value: request.headers[$0] ?? "") }
        let signer = TencentCloudSignature(secretID: secretID, secretKey: ProviderSecret(secretKey))
        let canonical = TencentCloudSignature.canonicalRequest(method: request.method, headers: signedHeaders, payload: request.body)
        let expected = signer.signature(
            stringToSign: TencentCloudSignature.stringToSign(timestamp: timestamp, scope: TencentCloudSignature.credentialScope(date: authorization.date, service: "sms"),
                                                             canonicalRequest: canonical),
            date: authorization.date, service: "sms")
        guard expected == authorization.signature else { return error("AuthFailure.SignatureFailure", "the signature does not match") }

        guard let json = request.json else { return error("FailedOperation.JsonParseFail", "the body is not JSON") }
        guard let numbers = json["PhoneNumberSet"] as? [String], !numbers.isEmpty else {
            return error("MissingParameter.EmptyPhoneNumberSet", "PhoneNumberSet is required")
        }
        guard let app = json["SmsSdkAppId"] as? String else { return error("MissingParameter", "SmsSdkAppId is required") }
        guard app == appID else { return error("InvalidParameterValue.SdkAppIdNotExist", "SmsSdkAppId does not exist") }
        guard let template = json["TemplateId"] as? String, !template.isEmpty else { return error("MissingParameter", "TemplateId is required") }
        let received = Received(headers: request.headers, phoneNumbers: numbers, appID: app, signName: json["SignName"] as? String ?? "",
                                templateID: template, templateParameters: json["TemplateParamSet"] as? [String] ?? [],
                                sessionContext: json["SessionContext"] as? String)
        let (reply, serial): (Reply?, Int) = state.withLock { state in
            state.received.append(received)
            state.serial += 1
            return (state.script.isEmpty ? nil : state.script.removeFirst(), state.serial)
        }
        let requestID = UUID().uuidString.lowercased()
        switch reply {
        case .http(let status):
            return StandInResponse(status: status, body: Array("<html>bad gateway</html>".utf8))
        case .requestError(let code):
            return .json(["Response": ["Error": ["Code": code, "Message": "scripted"], "RequestId": requestID] as [String: Any]])
        case .numberStatus, nil:
            let statuses: [[String: Any]] = numbers.map { number in
                var code = "Ok"
                if case .numberStatus(let scripted) = reply { code = scripted }
                if number.wholeMatch(of: /\+861[3-9][0-9]{9}/) == nil { code = "InvalidParameterValue.IncorrectPhoneNumber" }
                return ["Code": code, "Message": code == "Ok" ? "send success" : "scripted", "PhoneNumber": number,
                        "SerialNo": code == "Ok" ? "2433:\(serial)" : "", "Fee": code == "Ok" ? 1 : 0,
                        "SessionContext": received.sessionContext ?? "", "IsoCode": "CN"]
            }
            return .json(["Response": ["SendStatusSet": statuses, "RequestId": requestID] as [String: Any]])
        }
    }
}

/// Lets a server's handler, created before the stand-in object exists, reach it.
final class StandInBox<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)
    var value: Value? { stored.withLock { $0 } }
    func set(_ value: Value) { stored.withLock { $0 = value } }
}
