import Foundation
import GovPushDomain
import Hummingbird

/// PUT/GET/DELETE /v1/subscribers/{externalId} and its subscriptions and preferences.
extension GovPushAPI {
    func putSubscriber(_ call: APICall) async throws -> Response {
        let external = try ExternalSubscriberID(call.parameter("externalId"))
        let object = try APIJSON.object(call.body)
        var fields = SubscriberFields(reference: reference)
        fields.refuseUnknown(object, allowed: ["regions", "domains", "serviceItems", "channels", "channelOrder", "quietHours", "optOuts"])
        let regions = fields.regions(object["regions"])
        let domains = fields.domains(object["domains"])
        let items = fields.serviceItems(object["serviceItems"])
        let channels = fields.channels(object["channels"])
        let order = fields.channelOrder(object["channelOrder"])
        let quiet = fields.quietHours(object["quietHours"], present: object.keys.contains("quietHours"))
        let optOuts = fields.optOuts(object["optOuts"])
        guard fields.issues.isEmpty, let regions, let channels else { throw APIProblem.invalid(fields.issues) }
        let id = external.storeID(tenant: call.tenant.id)
        let existed = try await store.subscriber(id) != nil
        let subscriber = try build { () throws(SubscriberValidationError) in
            try Subscriber(id: id, regions: regions, domains: domains, serviceItems: items, channels: channels,
                           channelOrder: order, quietHours: quiet, optOuts: optOuts)
        }
        try await store.upsertSubscriber(subscriber, at: call.now)
        logger.info("subscriber saved", metadata: ["tenant": "\(call.tenant.id)", "subscriber": "\(subscriber)"])
        return APIJSON.response(SubscriberView(subscriber, externalId: external.rawValue), status: existed ? .ok : .created)
    }

    func getSubscriber(_ call: APICall) async throws -> Response {
        let (external, subscriber) = try await existing(call)
        return APIJSON.response(SubscriberView(subscriber, externalId: external.rawValue))
    }

    func deleteSubscriber(_ call: APICall) async throws -> Response {
        let external = try ExternalSubscriberID(call.parameter("externalId"))
        guard try await store.eraseSubscriber(external.storeID(tenant: call.tenant.id), at: call.now) else {
            throw APIProblem.notFound("subscriber \(external.rawValue)")
        }
        logger.info("subscriber erased", metadata: ["tenant": "\(call.tenant.id)", "externalId": "\(external.rawValue)"])
        return APIJSON.noContent()
    }

    /// Replaces regions, domains and service items; channels and preferences stay.
    func putSubscriptions(_ call: APICall) async throws -> Response {
        let (external, current) = try await existing(call)
        let object = try APIJSON.object(call.body)
        var fields = SubscriberFields(reference: reference)
        fields.refuseUnknown(object, allowed: ["regions", "domains", "serviceItems"])
        let regions = fields.regions(object["regions"])
        let domains = fields.domains(object["domains"])
        let items = fields.serviceItems(object["serviceItems"])
        guard fields.issues.isEmpty, let regions else { throw APIProblem.invalid(fields.issues) }
        let subscriber = try build { () throws(SubscriberValidationError) in
            try Subscriber(id: current.id, regions: regions, domains: domains, serviceItems: items, channels: current.channels,
                           channelOrder: current.channelOrder, quietHours: current.quietHours, optOuts: current.optOuts)
        }
        try await store.upsertSubscriber(subscriber, at: call.now)
        return APIJSON.response(SubscriberView(subscriber, externalId: external.rawValue))
    }

    /// Replaces channel order, quiet hours and opt-outs; fields left out keep their values.
    func putPreferences(_ call: APICall) async throws -> Response {
        let (external, current) = try await existing(call)
        let object = try APIJSON.object(call.body)
        var fields = SubscriberFields(reference: reference)
        fields.refuseUnknown(object, allowed: ["channelOrder", "quietHours", "optOuts"])
        let order = object["channelOrder"] == nil ? current.channelOrder : fields.channelOrder(object["channelOrder"])
        let quiet = object.keys.contains("quietHours") ? fields.quietHours(object["quietHours"], present: true) : current.quietHours
        let optOuts = object["optOuts"] == nil ? current.optOuts : fields.optOuts(object["optOuts"])
        guard fields.issues.isEmpty else { throw APIProblem.invalid(fields.issues) }
        let subscriber = try build { () throws(SubscriberValidationError) in
            try Subscriber(id: current.id, regions: current.regions, domains: current.domains, serviceItems: current.serviceItems,
                           channels: current.channels, channelOrder: order, quietHours: quiet, optOuts: optOuts)
        }
        try await store.upsertSubscriber(subscriber, at: call.now)
        return APIJSON.response(SubscriberView(subscriber, externalId: external.rawValue))
    }

    /// The tenant's subscriber named in the path, or 404.
    func existing(_ call: APICall) async throws -> (ExternalSubscriberID, Subscriber) {
        let external = try ExternalSubscriberID(call.parameter("externalId"))
        guard let subscriber = try await store.subscriber(external.storeID(tenant: call.tenant.id)) else {
            throw APIProblem.notFound("subscriber \(external.rawValue)")
        }
        return (external, subscriber)
    }

    /// The model's own cross-field checks (duplicates, channel order) become 422s naming the field.
    func build(_ make: () throws(SubscriberValidationError) -> Subscriber) throws(APIProblem) -> Subscriber {
        do { return try make() } catch {
            throw APIProblem.invalid([.init(field: error.field, reason: error.reason)])
        }
    }
}
