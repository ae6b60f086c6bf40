import Foundation
import GovPushDomain
import GovPushProducers
import Hummingbird

/// POST /v1/events: ingest for business systems, through the same `EventPublisher` as `govpush publish`.
/// The body is a structured CloudEvent (its `type` says the kind), or bare data with `?type=<event type>`.
extension GovPushAPI {
    struct Accepted: Encodable {
        let id: String
        let type: String
        let subject: String?
    }

    func ingestEvent(_ call: APICall) async throws -> Response {
        let object = try APIJSON.object(call.body)
        let typeText: String
        if object["specversion"] != nil {
            guard case .string(let t)? = object["type"] else { throw APIProblem.invalid([.init(field: "type", reason: "is required")]) }
            typeText = t
        } else {
            guard let t = call.query["type"] else {
                throw APIProblem.invalid([.init(field: "type", reason: "send a structured CloudEvent, or bare data with ?type=<event type>")])
            }
            typeText = t
        }
        guard let type = EventType(rawValue: typeText) else {
            throw APIProblem.invalid([.init(field: "type", reason: "must be one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        let submission = EventSubmission(type: type, body: call.body, source: "urn:govpush:tenant:\(call.tenant.id)", time: call.now)
        do {
            let envelope = try await publisher.publish(submission)
            logger.info("event ingested", metadata: ["tenant": "\(call.tenant.id)", "event": "\(envelope.id)", "type": "\(envelope.type)"])
            return APIJSON.response(Accepted(id: envelope.id, type: envelope.type, subject: envelope.subject), status: .accepted)
        } catch {
            switch error {
            case .invalid(let refusal):
                throw APIProblem.invalid(refusal.issues.map { .init(field: $0.path, reason: $0.reason) },
                                         detail: "the event was refused (\(refusal.issues.count) issue\(refusal.issues.count == 1 ? "" : "s")); nothing was published")
            case .kafka(let kafka):
                logger.error("event ingest could not publish", metadata: ["tenant": "\(call.tenant.id)", "error": "\(kafka)"])
                throw APIProblem.unavailable
            }
        }
    }
}
