import Foundation
import GovPushDomain

/// What a producer hands in: either a full structured CloudEvent (JSON with `specversion`), or just the
/// event's data for a given type, to which GovPush adds the envelope.
public struct EventSubmission: Sendable {
    public let type: EventType
    public let body: [UInt8]
    /// Used when the body is bare data: the event id (reuse it to republish), source and time.
    public var id: String
    public var source: String
    public var time: Date

    public init(type: EventType, body: [UInt8], id: String = UUID().uuidString.lowercased(), source: String = "urn:govpush:cli", time: Date = Date()) {
        self.type = type
        self.body = body
        self.id = id
        self.source = source
        self.time = time
    }

    /// The envelope and the typed event, or every issue found.
    func validated(against reference: ReferenceCatalogs) throws(EventValidationError) -> (envelope: CloudEvent, event: GovEvent) {
        let json: JSONValue
        do { json = try JSONValue.parse(body) } catch {
            throw EventValidationError([ValidationIssue(path: "$", reason: error.description)], eventType: type.rawValue)
        }
        if case .object(let fields) = json, fields["specversion"] != nil {
            // A structured CloudEvent: the same reader consumers use checks envelope, data and type.
            let received = try ReceivedEvent(kafkaRecord: KafkaRecordView(key: nil, value: body, headers: []), reference: reference)
            guard received.event.type == type else {
                throw EventValidationError([ValidationIssue(path: "type", reason: "is \"\(received.event.type)\" but the command publishes \(type)")],
                                           eventID: received.envelope.id, eventType: received.envelope.type)
            }
            return (received.envelope, received.event)
        }
        switch GovEvent.validated(type: type, data: json, against: reference) {
        case .success(let event): return (event.cloudEvent(id: id, source: source, time: time), event)
        case .failure(let error): throw EventValidationError(error.issues, eventID: id, eventType: type.rawValue)
        }
    }
}

extension EventSubmission {
    /// Why the submission would be refused, or nil when it is valid.
    public func refusal(against reference: ReferenceCatalogs) -> EventValidationError? {
        do { _ = try validated(against: reference) } catch { return error }
        return nil
    }
}
