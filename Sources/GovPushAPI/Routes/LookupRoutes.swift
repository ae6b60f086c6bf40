import GovPushDomain
import GovPushStore
import Hummingbird

/// POST /v1/subscriber-lookups: which of the tenant's subscribers have this phone, e-mail or openid. The
/// address travels in the (signed) body, never in a URL; the store matches keyed hashes, not clear text.
extension GovPushAPI {
    struct LookupResult: Encodable { let externalIds: [String] }

    func lookupSubscribers(_ call: APICall) async throws -> Response {
        let object = try APIJSON.object(call.body)
        var fields = SubscriberFields(reference: reference)
        fields.refuseUnknown(object, allowed: ["phone", "email", "openId"])
        let given = object.filter { ["phone", "email", "openId"].contains($0.key) }
        guard given.count == 1, let (field, value) = given.first else {
            throw APIProblem.invalid(fields.issues + [.init(field: "$", reason: "give exactly one of phone, email, openId")])
        }
        guard case .string(let text) = value else { throw APIProblem.invalid([.init(field: field, reason: "must be a string")]) }
        let channel: SubscriberChannel
        do {
            switch field {
            case "phone": channel = .sms(try PhoneNumber(text))
            case "email": channel = .email(try EmailAddress(text))
            default: channel = .wechat(openID: try WeChatOpenID(text))
            }
        } catch { throw APIProblem.invalid([.init(field: field, reason: error.reason)]) }
        guard fields.issues.isEmpty else { throw APIProblem.invalid(fields.issues) }
        let hashes = store.cipher.lookupHashes(ContactLookup.key(channel))
        let ids = try await store.subscriberIDs(withContactHashes: hashes).compactMap { ExternalSubscriberID.of($0, tenant: call.tenant.id) }
        return APIJSON.response(LookupResult(externalIds: ids))
    }
}
