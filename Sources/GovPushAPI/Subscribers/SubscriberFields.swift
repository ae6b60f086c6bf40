import GovPushDomain

/// Reads the parts of a subscriber from request JSON, collecting every problem with its field path, so an
/// integrator fixes them in one round trip. Addresses are normalised here (phone numbers to 11 digits).
struct SubscriberFields {
    let reference: ReferenceCatalogs
    var issues: [APIProblem.Issue] = []

    init(reference: ReferenceCatalogs) { self.reference = reference }

    mutating func issue(_ field: String, _ reason: String) { issues.append(.init(field: field, reason: reason)) }

    mutating func refuseUnknown(_ object: [String: JSONValue], allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) { issue(key, "unknown field") }
    }

    mutating func strings(_ value: JSONValue?, field: String, required: Bool = false) -> [String]? {
        guard let value else {
            if required { issue(field, "is required") }
            return nil
        }
        guard case .array(let items) = value else { issue(field, "must be an array of strings"); return nil }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else { issue("\(field)[\(i)]", "must be a string"); continue }
            out.append(s)
        }
        return out
    }

    mutating func regions(_ value: JSONValue?) -> [SubscribedRegion]? {
        guard let value else { issue("regions", "is required"); return nil }
        guard case .array(let items) = value else { issue("regions", "must be an array"); return nil }
        var out: [SubscribedRegion] = []
        for (i, item) in items.enumerated() {
            let path = "regions[\(i)]"
            guard case .object(let fields) = item else { issue(path, "must be an object with code and role"); continue }
            refuseUnknownNested(fields, allowed: ["code", "role"], path: path)
            guard case .string(let text)? = fields["code"] else { issue("\(path).code", "is required (a 6-, 9- or 12-digit GB/T 2260 code)"); continue }
            let code: RegionCode
            do { code = try RegionCode(text) } catch { issue("\(path).code", error.description); continue }
            if let problem = reference.regionProblem(code) { issue("\(path).code", problem); continue }
            var role = RegionRole.home
            if let roleValue = fields["role"] {
                guard case .string(let r) = roleValue, let parsed = RegionRole(rawValue: r) else {
                    issue("\(path).role", "must be \"home\" or \"work\""); continue
                }
                role = parsed
            }
            out.append(SubscribedRegion(code, role: role))
        }
        return out
    }

    mutating func domains(_ value: JSONValue?) -> [DomainID] {
        var out: [DomainID] = []
        for (i, text) in (strings(value, field: "domains") ?? []).enumerated() {
            do {
                let id = try DomainID(text)
                guard reference.isKnownDomain(id) else { issue("domains[\(i)]", "\"\(text)\" is not a known domain"); continue }
                out.append(id)
            } catch { issue("domains[\(i)]", error.description) }
        }
        return out
    }

    mutating func serviceItems(_ value: JSONValue?) -> [ServiceItemID] {
        var out: [ServiceItemID] = []
        for (i, text) in (strings(value, field: "serviceItems") ?? []).enumerated() {
            do { out.append(try ServiceItemID(text)) } catch { issue("serviceItems[\(i)]", error.reason) }
        }
        return out
    }

    mutating func channels(_ value: JSONValue?) -> [SubscriberChannel]? {
        guard let value else { issue("channels", "is required"); return nil }
        guard case .array(let items) = value else { issue("channels", "must be an array"); return nil }
        var out: [SubscriberChannel] = []
        for (i, item) in items.enumerated() {
            let path = "channels[\(i)]"
            guard case .object(let fields) = item else { issue(path, "must be an object with kind and an address"); continue }
            guard case .string(let kindText)? = fields["kind"], let kind = ChannelKind(rawValue: kindText) else {
                issue("\(path).kind", "must be one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))"); continue
            }
            let addressField: String = switch kind {
            case .sms: "phone"
            case .email: "email"
            case .wechat: "openId"
            case .app: "userId"
            case .wecomGroup: "botKey"
            }
            refuseUnknownNested(fields, allowed: ["kind", addressField], path: path)
            guard case .string(let address)? = fields[addressField] else { issue("\(path).\(addressField)", "is required for a \(kind) channel"); continue }
            do {
                switch kind {
                case .sms: out.append(.sms(try PhoneNumber(address)))
                case .email: out.append(.email(try EmailAddress(address)))
                case .wechat: out.append(.wechat(openID: try WeChatOpenID(address)))
                case .app: out.append(.app(userID: try AppUserID(address)))
                case .wecomGroup: out.append(.wecomGroup(botKey: try WeComBotKey(address)))
                }
            } catch { issue("\(path).\(addressField)", error.reason) }
        }
        return out
    }

    mutating func channelOrder(_ value: JSONValue?) -> [ChannelKind]? {
        guard let texts = strings(value, field: "channelOrder") else { return nil }
        var out: [ChannelKind] = []
        for (i, text) in texts.enumerated() {
            guard let kind = ChannelKind(rawValue: text) else { issue("channelOrder[\(i)]", "\"\(text)\" is not a channel kind"); continue }
            out.append(kind)
        }
        return out
    }

    /// Absent: the default 21:00–08:00; `null`: none; `{"start":"HH:MM","end":"HH:MM"}`.
    mutating func quietHours(_ value: JSONValue?, present: Bool) -> QuietHours? {
        guard present, let value else { return .default }
        if case .null = value { return nil }
        guard case .object(let fields) = value else { issue("quietHours", "must be null or {\"start\":\"HH:MM\",\"end\":\"HH:MM\"}"); return .default }
        refuseUnknownNested(fields, allowed: ["start", "end"], path: "quietHours")
        let start = minute(fields["start"], field: "quietHours.start"), end = minute(fields["end"], field: "quietHours.end")
        guard let start, let end else { return .default }
        do { return try QuietHours(startMinute: start, endMinute: end) } catch {
            issue("quietHours.end", "must differ from quietHours.start (use null for no quiet hours)")
            return .default
        }
    }

    mutating func optOuts(_ value: JSONValue?) -> Set<NoticeKind> {
        var out: Set<NoticeKind> = []
        for (i, text) in (strings(value, field: "optOuts") ?? []).enumerated() {
            guard let kind = NoticeKind(rawValue: text) else {
                issue("optOuts[\(i)]", "must be one of \(NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))"); continue
            }
            out.insert(kind)
        }
        return out
    }

    private mutating func minute(_ value: JSONValue?, field: String) -> Int? {
        guard case .string(let text)? = value else { issue(field, "is required, as HH:MM"); return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { issue(field, "must be a time as HH:MM (00:00-23:59)"); return nil }
        return h * 60 + m
    }

    private mutating func refuseUnknownNested(_ object: [String: JSONValue], allowed: Set<String>, path: String) {
        for key in object.keys.sorted() where !allowed.contains(key) { issue("\(path).\(key)", "unknown field") }
    }
}
