import Foundation

/// Any event GovPush carries, typed. The dispatcher, window tracker and producers switch over this.
public enum GovEvent: Sendable, Equatable {
    case policyPublished(PolicyPublished)
    case policyInterpretationPublished(PolicyInterpretationPublished)
    case serviceGuideChanged(ServiceGuideChanged)
    case incidentReported(IncidentReported)
    case incidentResponded(IncidentResponded)
    case serviceProgress(ServiceProgress)

    public var payload: any EventPayload {
        switch self {
        case .policyPublished(let payload): payload
        case .policyInterpretationPublished(let payload): payload
        case .serviceGuideChanged(let payload): payload
        case .incidentReported(let payload): payload
        case .incidentResponded(let payload): payload
        case .serviceProgress(let payload): payload
        }
    }

    public var type: EventType { Swift.type(of: payload).eventType }

    /// Policy id (policy, interpretation), incident id (incident, response), case id (progress), service
    /// item id (guide change): one aggregate's lifecycle shares a partition and stays ordered.
    public var aggregateID: String { payload.aggregateID }

    /// The Kafka record key: the aggregate id's UTF-8 bytes.
    public var kafkaKey: [UInt8] { Array(aggregateID.utf8) }

    /// Incidents, incident responses and service progress are urgent: never held by quiet hours, and
    /// ahead of routine notices (DESIGN.md "Failures").
    public var isUrgent: Bool {
        switch self {
        case .incidentReported, .incidentResponded, .serviceProgress: true
        case .policyPublished, .policyInterpretationPublished, .serviceGuideChanged: false
        }
    }

    /// The region whose subtree the event targets; nil for service progress, which targets one applicant.
    public var region: RegionCode? {
        switch self {
        case .policyPublished(let payload): payload.region
        case .policyInterpretationPublished(let payload): payload.region
        case .serviceGuideChanged(let payload): payload.region
        case .incidentReported(let payload): payload.region
        case .incidentResponded(let payload): payload.region
        case .serviceProgress: nil
        }
    }

    /// The domains the event concerns; empty for service progress.
    public var domains: [DomainID] {
        switch self {
        case .policyPublished(let payload): payload.domains
        case .policyInterpretationPublished(let payload): payload.domains
        case .serviceGuideChanged(let payload): payload.domains
        case .incidentReported(let payload): payload.domains
        case .incidentResponded(let payload): payload.domains
        case .serviceProgress: []
        }
    }

    /// Every rule the event breaks; empty when it may be published.
    public func issues(against reference: some EventReferenceData) -> [ValidationIssue] {
        payload.issues(against: reference)
    }

    /// Reads and validates `data` as the payload of `type`.
    public static func validated(type: EventType, data: JSONValue,
                                 against reference: some EventReferenceData) -> Result<GovEvent, EventValidationError> {
        switch type {
        case .policyPublished: PolicyPublished.validated(data, against: reference).map(GovEvent.policyPublished)
        case .policyInterpretationPublished:
            PolicyInterpretationPublished.validated(data, against: reference).map(GovEvent.policyInterpretationPublished)
        case .serviceGuideChanged: ServiceGuideChanged.validated(data, against: reference).map(GovEvent.serviceGuideChanged)
        case .incidentReported: IncidentReported.validated(data, against: reference).map(GovEvent.incidentReported)
        case .incidentResponded: IncidentResponded.validated(data, against: reference).map(GovEvent.incidentResponded)
        case .serviceProgress: ServiceProgress.validated(data, against: reference).map(GovEvent.serviceProgress)
        }
    }

    /// The envelope GovPush writes: `subject` and the `partitionkey` extension are the aggregate id, data is
    /// compact JSON.
    public func cloudEvent(id: String, source: String, time: Date) -> CloudEvent {
        CloudEvent(id: id, source: source, type: type.rawValue, time: time, subject: aggregateID,
                   dataContentType: "application/json", extensions: ["partitionkey": aggregateID],
                   data: payload.encodedData)
    }

    /// The Kafka record GovPush writes: binary content mode, keyed by the aggregate id.
    public func kafkaRecord(id: String, source: String, time: Date) -> KafkaRecordView {
        cloudEvent(id: id, source: source, time: time).binaryKafkaRecord(key: kafkaKey)
    }
}
