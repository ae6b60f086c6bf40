import Foundation

/// Which windows an event opens or closes, and when they are due (DOMAIN.md "Response windows"). Pure:
/// the event's own instants and the holiday calendar decide, never the machine's clock.
///
/// - Incidents (政务舆情) open at `detectedAt`: 5 hours for 特别重大/重大, 48 hours otherwise, clock time
///   (seed 004 §四 回应关切 2).
/// - A published policy opens its interpretation window at publication (the event's `time`): due at
///   23:59:59 Asia/Shanghai of the 3rd working day after the publication date (seed 004 §四 政策解读 1).
/// - A published policy that names its signing date (成文日期) also has a publication window: opened at
///   00:00 Asia/Shanghai of the signing date, due at 23:59:59 of the 20th working day after it, the same
///   way as the interpretation rule (seed 004 §五.1). The publication itself closes it, so it is recorded
///   already closed, on time or late.
public struct ResponseWindowRules: Sendable {
    public var calendar: WorkingDayCalendar
    public var majorIncidentLength: Duration = .seconds(5 * 3600)
    public var otherIncidentLength: Duration = .seconds(48 * 3600)
    public var interpretationWorkingDays = 3
    public var publicationWorkingDays = 20

    public init(calendar: WorkingDayCalendar) { self.calendar = calendar }

    /// A window could not be computed: the event falls in a year the holiday calendar does not cover.
    public struct ComputationError: Error, Sendable, Equatable, CustomStringConvertible {
        public var kind: ResponseWindowKind
        public var aggregateID: String
        public var reason: WorkingDayCalendar.ComputationError

        public var description: String { "cannot compute the \(kind) window of \(aggregateID): \(reason)" }
    }

    /// The windows `event` opens. `eventTime` is the CloudEvent `time` (publication), or when it was received.
    public func windowsOpened(by event: GovEvent, eventID: String, eventTime: Date) throws(ComputationError) -> [ResponseWindow] {
        switch event {
        case .incidentReported(let incident):
            let major = incident.severity.isMajorOrAbove
            let length = major ? majorIncidentLength : otherIncidentLength
            return [ResponseWindow(
                kind: major ? .majorIncident : .otherIncident, aggregateID: incident.incidentID, region: incident.region,
                domains: incident.domains, subject: incident.summary, openedAt: incident.detectedAt,
                dueAt: incident.detectedAt.addingTimeInterval(Self.seconds(length)), openingEventID: eventID)]
        case .policyPublished(let policy):
            var windows: [ResponseWindow] = []
            let interpretationDue: Date
            do { interpretationDue = try calendar.endOfWorkingDays(interpretationWorkingDays, after: eventTime) } catch {
                throw ComputationError(kind: .policyInterpretation, aggregateID: policy.policyID, reason: error)
            }
            windows.append(ResponseWindow(
                kind: .policyInterpretation, aggregateID: policy.policyID, region: policy.region, domains: policy.domains,
                subject: policy.title, openedAt: eventTime, dueAt: interpretationDue, openingEventID: eventID))
            if let signed = policy.signingDate {
                let due: CalendarDay
                do { due = try calendar.adding(workingDays: publicationWorkingDays, to: signed) } catch {
                    throw ComputationError(kind: .normativeDocumentPublication, aggregateID: policy.policyID, reason: error)
                }
                windows.append(ResponseWindow(
                    kind: .normativeDocumentPublication, aggregateID: policy.policyID, region: policy.region,
                    domains: policy.domains, subject: policy.title, openedAt: Self.startOfDay(signed),
                    dueAt: ShanghaiTime.endOfDay(due), openingEventID: eventID, closedAt: eventTime, closingEventID: eventID))
            }
            return windows
        case .policyInterpretationPublished, .serviceGuideChanged, .incidentResponded, .serviceProgress:
            return []
        }
    }

    /// The window `event` closes, if any: a response closes its incident's, an interpretation its policy's.
    public func closure(by event: GovEvent, eventID: String, eventTime: Date) -> ResponseWindowClosure? {
        switch event {
        case .incidentResponded(let response):
            ResponseWindowClosure(family: .incident, aggregateID: response.incidentID, closedAt: response.respondedAt,
                                  closingEventID: eventID)
        case .policyInterpretationPublished(let interpretation):
            ResponseWindowClosure(family: .policyInterpretation, aggregateID: interpretation.policyID, closedAt: eventTime,
                                  closingEventID: eventID)
        case .policyPublished, .serviceGuideChanged, .incidentReported, .serviceProgress:
            nil
        }
    }

    /// 00:00:00 Asia/Shanghai on `day`.
    static func startOfDay(_ day: CalendarDay) -> Date {
        Date(timeIntervalSince1970: Double(day.daysSinceEpoch * 86_400 - ShanghaiTime.offsetSeconds))
    }

    public static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// A response or interpretation arrived: close the window `family:aggregateID`, now or when it opens.
public struct ResponseWindowClosure: Sendable, Equatable {
    public var family: ResponseWindowFamily
    public var aggregateID: String
    public var closedAt: Date
    public var closingEventID: String

    public init(family: ResponseWindowFamily, aggregateID: String, closedAt: Date, closingEventID: String) {
        self.family = family
        self.aggregateID = aggregateID
        self.closedAt = closedAt
        self.closingEventID = closingEventID
    }

    public var windowID: String { family.windowID(aggregateID: aggregateID) }
}
