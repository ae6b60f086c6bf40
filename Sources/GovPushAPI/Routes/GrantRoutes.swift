import Foundation
import GovPushChannels
import GovPushDomain
import Hummingbird

/// WeChat one-time subscription grants (一次性订阅): the app backend records each "allow" the citizen
/// tapped; the WeChat channel spends one per message (`WeChatGrantLedger`).
extension GovPushAPI {
    struct GrantView: Encodable {
        let id: String
        let templateId: String
        let openId: String
        let scene: Int?
        let grantedAt: Date

        init(_ grant: WeChatGrant) {
            id = grant.id
            templateId = grant.templateID
            openId = (try? WeChatOpenID(grant.openID).masked) ?? "****"
            scene = grant.scene
            grantedAt = grant.grantedAt
        }
    }

    struct GrantList: Encodable { let items: [GrantView] }

    func recordGrant(_ call: APICall) async throws -> Response {
        let (_, subscriber) = try await existing(call)
        let object = try APIJSON.object(call.body)
        var fields = SubscriberFields(reference: reference)
        fields.refuseUnknown(object, allowed: ["templateId", "openId", "scene"])
        var openID: WeChatOpenID?
        if case .string(let text)? = object["openId"] {
            do { openID = try WeChatOpenID(text) } catch { fields.issue("openId", error.reason) }
        } else { fields.issue("openId", "is required") }
        var templateID: String?
        if case .string(let text)? = object["templateId"] { templateID = text } else { fields.issue("templateId", "is required") }
        var scene = 0
        switch object["scene"] {
        case nil: break
        case .number(let n)? where n == n.rounded() && abs(n) < 1e9: scene = Int(n)
        default: fields.issue("scene", "must be an integer in 0...10000")
        }
        guard fields.issues.isEmpty, let openID, let templateID else { throw APIProblem.invalid(fields.issues) }
        let validated: OneTimeGrant
        do { validated = try OneTimeGrant(templateID: templateID, scene: scene, grantedAt: call.now) } catch {
            throw APIProblem.invalid([.init(field: error.field, reason: error.reason)])
        }
        let grant = WeChatGrant(id: "grt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
                                subscriberID: subscriber.id, templateID: validated.templateID, openID: openID.clearText,
                                scene: validated.scene, grantedAt: validated.grantedAt)
        try await store.recordGrant(grant)
        return APIJSON.response(GrantView(grant), status: .created)
    }

    func listGrants(_ call: APICall) async throws -> Response {
        let (_, subscriber) = try await existing(call)
        return APIJSON.response(GrantList(items: try await store.remainingGrants(subscriber: subscriber.id).map(GrantView.init)))
    }
}
