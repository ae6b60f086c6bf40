import Foundation
import GovPushChannels
import Synchronization

/// The WeChat server API on 127.0.0.1, following the documented contracts of `cgi-bin/stable_token`
/// (getStableAccessToken: 40013 wrong appid, 40125 wrong secret), `cgi-bin/message/subscribe/send` (mini program)
/// and `cgi-bin/message/template/subscribe` (official-account one-time subscription): an unknown or expired
/// token is 40001 / 42001, a missing openid 40003, a missing template id 40037, a mini-program field value
/// beyond WeChat's limits (e.g. `thing` over 20 characters) 47003. Scripted errcodes answer sends in order.
public final class WeChatAPIStandIn: Sendable {
    /// A send that reached the message API with a valid token.
    public struct Send: Sendable {
        public var path: String
        public var token: String
        public var body: [String: String]
        /// `data.<field>.value` (mini program) or `data.content.value` (official account).
        public var values: [String: String]
        public var errcode: Int
    }

    private struct State {
        var tokensIssued = 0
        var validTokens: Set<String> = []
        var expiredTokens: Set<String> = []
        var script: [Int] = []
        var sends: [Send] = []
        var tokenRequests: [[String: String]] = []
        var messageID: Int64 = 1_000_000
    }

    public let appID: String
    public let appSecret: String
    public let expiresIn: Int
    private let server: ProviderStandIn
    private let state = Mutex(State())

    public var apiBase: String { server.baseURL }

    private init(appID: String, appSecret: String, expiresIn: Int, server: ProviderStandIn) {
        self.appID = appID
        self.appSecret = appSecret
        self.expiresIn = expiresIn
        self.server = server
    }

    public static func start(appID: String, appSecret: String, expiresIn: Int = 7200) async throws -> WeChatAPIStandIn {
        let box = StandInBox<WeChatAPIStandIn>()
        let server = try await ProviderStandIn.start { request in box.value?.answer(request) ?? .json(["errcode": -1], status: 503) }
        let standIn = WeChatAPIStandIn(appID: appID, appSecret: appSecret, expiresIn: expiresIn, server: server)
        box.set(standIn)
        return standIn
    }

    /// Errcodes for the next sends (0 is success), in order; then 0.
    public func script(_ errcodes: Int...) { state.withLock { $0.script.append(contentsOf: errcodes) } }
    /// Expires every token issued so far: the next send with one answers 42001.
    public func expireTokens() {
        state.withLock { state in
            state.expiredTokens.formUnion(state.validTokens)
            state.validTokens.removeAll()
        }
    }
    /// How many tokens `stable_token` handed out.
    public var tokensIssued: Int { state.withLock { $0.tokensIssued } }
    /// The bodies of the token requests (the secret included: tests check what was sent).
    public var tokenRequests: [[String: String]] { state.withLock { $0.tokenRequests } }
    public var sends: [Send] { state.withLock { $0.sends } }
    public func shutdown() async throws { try await server.shutdown() }

    func answer(_ request: StandInRequest) -> StandInResponse {
        switch request.path {
        case "/cgi-bin/stable_token": return stableToken(request)
        case "/cgi-bin/message/subscribe/send", "/cgi-bin/message/template/subscribe": return message(request)
        default: return .json(["errcode": 404, "errmsg": "no such api"], status: 404)
        }
    }

    private func stableToken(_ request: StandInRequest) -> StandInResponse {
        guard request.method == "POST", let json = request.json else { return .json(["errcode": 47001, "errmsg": "data format error"]) }
        let fields = json.mapValues { "\($0)" }
        state.withLock { $0.tokenRequests.append(fields) }
        guard json["grant_type"] as? String == "client_credential" else { return .json(["errcode": 40002, "errmsg": "invalid grant_type"]) }
        guard json["appid"] as? String == appID else { return .json(["errcode": 40013, "errmsg": "invalid appid"]) }
        guard json["secret"] as? String == appSecret else { return .json(["errcode": 40125, "errmsg": "invalid appsecret"]) }
        let token = state.withLock { state in
            state.tokensIssued += 1
            let token = "stand-in-token-\(state.tokensIssued)"
            state.validTokens.insert(token)
            return token
        }
        return .json(["access_token": token, "expires_in": expiresIn])
    }

    private func message(_ request: StandInRequest) -> StandInResponse {
        let token = request.query["access_token"] ?? ""
        let validity: Int = state.withLock { state in
            state.validTokens.contains(token) ? 0 : state.expiredTokens.contains(token) ? 42001 : 40001
        }
        guard validity == 0 else { return .json(["errcode": validity, "errmsg": validity == 42001 ? "access_token expired" : "invalid credential"]) }
        guard let json = request.json else { return .json(["errcode": 47001, "errmsg": "data format error"]) }
        guard let touser = json["touser"] as? String, !touser.isEmpty else { return .json(["errcode": 40003, "errmsg": "invalid openid"]) }
        guard let template = json["template_id"] as? String, !template.isEmpty else { return .json(["errcode": 40037, "errmsg": "invalid template_id"]) }
        var values: [String: String] = [:]
        for (field, entry) in json["data"] as? [String: Any] ?? [:] {
            values[field] = (entry as? [String: Any])?["value"] as? String
        }
        var errcode = 0
        if request.path == "/cgi-bin/message/subscribe/send" {
            for (field, value) in values {
                if let rule = WeChatValueRule(fieldName: field), case .success(let conformed) = rule.conform(value, field: field), conformed == value { continue }
                errcode = 47003
            }
        } else {
            let title = json["title"] as? String ?? ""
            if title.isEmpty || title.count > 15 || (values["content"] ?? "").count > 200 || json["scene"] == nil { errcode = 47003 }
        }
        if errcode == 0 { errcode = state.withLock { $0.script.isEmpty ? 0 : $0.script.removeFirst() } }
        var body = json.compactMapValues { $0 as? String }
        body["touser"] = touser
        let send = Send(path: request.path, token: token, body: body, values: values, errcode: errcode)
        let messageID: Int64 = state.withLock { state in
            state.sends.append(send)
            state.messageID += 1
            return state.messageID
        }
        return errcode == 0 ? .json(["errcode": 0, "errmsg": "ok", "msgid": messageID]) : .json(["errcode": errcode, "errmsg": "scripted"])
    }
}
