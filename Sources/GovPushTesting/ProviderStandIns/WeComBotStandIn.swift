import Foundation
import Synchronization

/// A WeCom group bot webhook (`cgi-bin/webhook/send?key=…`) on 127.0.0.1, following the documented contract:
/// an unknown key is 93000, a `msgtype` other than text/markdown 40008, empty content 44004, text over 2048 or
/// markdown over 4096 UTF-8 bytes 40058, and more than 20 messages in a minute to one bot 45009. Scripted
/// errcodes answer accepted messages in order.
public final class WeComBotStandIn: Sendable {
    public struct Message: Sendable, Equatable {
        public var key: String
        public var msgtype: String
        public var content: String

        public init(key: String, msgtype: String, content: String) {
            self.key = key
            self.msgtype = msgtype
            self.content = content
        }
    }

    private struct State {
        var script: [Int] = []
        var messages: [Message] = []
        var errcodes: [Int] = []
        var sends: [String: [Date]] = [:]
    }

    public let keys: Set<String>
    private let server: ProviderStandIn
    private let state = Mutex(State())

    /// `http://127.0.0.1:<port>/cgi-bin/webhook/send`.
    public var endpoint: String { server.baseURL + "/cgi-bin/webhook/send" }

    /// The stand-in's idea of the time, for its 20-a-minute rule (tests share their manual clock).
    private let now: @Sendable () -> Date

    private init(keys: Set<String>, server: ProviderStandIn, now: @escaping @Sendable () -> Date) {
        self.keys = keys
        self.server = server
        self.now = now
    }

    public static func start(keys: Set<String>, now: @escaping @Sendable () -> Date = Date.init) async throws -> WeComBotStandIn {
        let box = StandInBox<WeComBotStandIn>()
        let server = try await ProviderStandIn.start { request in box.value?.answer(request) ?? .json(["errcode": -1], status: 503) }
        let standIn = WeComBotStandIn(keys: keys, server: server, now: now)
        box.set(standIn)
        return standIn
    }

    public func script(_ errcodes: Int...) { state.withLock { $0.script.append(contentsOf: errcodes) } }
    /// Messages the bot posted into its group, in order.
    public var messages: [Message] { state.withLock { $0.messages } }
    /// Every errcode answered, in order.
    public var errcodes: [Int] { state.withLock { $0.errcodes } }
    public func shutdown() async throws { try await server.shutdown() }

    func answer(_ request: StandInRequest) -> StandInResponse {
        let errcode = decide(request)
        state.withLock { $0.errcodes.append(errcode) }
        return .json(["errcode": errcode, "errmsg": errcode == 0 ? "ok" : "stand-in errcode \(errcode)"])
    }

    private func decide(_ request: StandInRequest) -> Int {
        guard request.path == "/cgi-bin/webhook/send", request.method == "POST" else { return 404 }
        guard let key = request.query["key"], keys.contains(key) else { return 93000 }
        guard let json = request.json, let type = json["msgtype"] as? String, ["text", "markdown"].contains(type) else { return 40008 }
        guard let content = (json[type] as? [String: Any])?["content"] as? String, !content.isEmpty else { return 44004 }
        guard content.utf8.count <= (type == "text" ? 2048 : 4096) else { return 40058 }
        let now = now()
        return state.withLock { state in
            var recent = (state.sends[key] ?? []).filter { now.timeIntervalSince($0) < 60 - 1e-6 }
            defer { state.sends[key] = recent }
            guard recent.count < 20 else { return 45009 }
            recent.append(now)
            let scripted = state.script.isEmpty ? 0 : state.script.removeFirst()
            if scripted == 0 { state.messages.append(Message(key: key, msgtype: type, content: content)) }
            return scripted
        }
    }
}
