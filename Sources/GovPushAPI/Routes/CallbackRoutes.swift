import Foundation
import Hummingbird

/// The tenant's status-callback URL: delivery statuses of its subscribers are POSTed there, signed with
/// the tenant's secret like app webhooks (`StatusCallbackForwarder`).
extension GovPushAPI {
    struct CallbackView: Encodable { let url: String }

    func putCallback(_ call: APICall) async throws -> Response {
        let object = try APIJSON.object(call.body)
        var fields = SubscriberFields(reference: reference)
        fields.refuseUnknown(object, allowed: ["url"])
        guard case .string(let text)? = object["url"] else {
            throw APIProblem.invalid(fields.issues + [.init(field: "url", reason: "is required")])
        }
        guard fields.issues.isEmpty else { throw APIProblem.invalid(fields.issues) }
        guard text.utf8.count <= 2048, let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil else {
            throw APIProblem.invalid([.init(field: "url", reason: "must be an absolute http(s) URL without credentials, at most 2048 characters")])
        }
        try await store.setCallbackURL(text, tenant: call.tenant.id)
        return APIJSON.response(CallbackView(url: text))
    }

    func getCallback(_ call: APICall) async throws -> Response {
        guard let url = try await store.tenant(id: call.tenant.id)?.callbackURL else { throw APIProblem.notFound("a status callback") }
        return APIJSON.response(CallbackView(url: url))
    }

    func deleteCallback(_ call: APICall) async throws -> Response {
        guard call.tenant.callbackURL != nil else { throw APIProblem.notFound("a status callback") }
        try await store.setCallbackURL(nil, tenant: call.tenant.id)
        return APIJSON.noContent()
    }
}
