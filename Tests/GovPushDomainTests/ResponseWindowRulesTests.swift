import Foundation
import Testing
@testable import GovPushDomain

/// The window rules of DOMAIN.md "Response windows" on fixed instants, with the shipped holiday calendar.
@Suite struct ResponseWindowRulesTests {
    static let rules = Result { ResponseWindowRules(calendar: try WorkingDayCalendar.bundled()) }

    /// `2025-09-30T10:15:00+08:00` style.
    func at(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    func incident(_ severity: IncidentSeverity, detected: Date) throws -> GovEvent {
        .incidentReported(IncidentReported(incidentID: "yq-1", severity: severity, region: try RegionCode("340223"),
                                           domains: [try DomainID("work-safety")], summary: "某镇道路塌陷", detectedAt: detected))
    }

    func policy(signed: String? = nil) throws -> GovEvent {
        .policyPublished(PolicyPublished(
            policyID: "p-1", title: "芜湖市社会救助办法", documentNumber: "芜政办秘〔2025〕47号", issuingBody: "芜湖市人民政府办公室",
            issueDate: try CalendarDay("2025-09-30"), signingDate: try signed.map { try CalendarDay($0) },
            validity: PolicyValidity(status: .inForce), domains: [try DomainID("social-assistance")], keywords: ["救助"],
            region: try RegionCode("340200"), url: "https://www.wuhu.gov.cn/p-1"))
    }

    @Test(arguments: [IncidentSeverity.especiallyMajor, .major])
    func majorIncidentsGetFiveHoursOfClockTime(_ severity: IncidentSeverity) throws {
        let detected = try at("2025-10-01T22:30:00+08:00")  // a holiday night: clock time, not working time
        let windows = try Self.rules.get().windowsOpened(by: incident(severity, detected: detected), eventID: "e1", eventTime: detected)
        #expect(windows.count == 1)
        #expect(windows[0].kind == .majorIncident)
        #expect(windows[0].id == "incident:yq-1")
        #expect(windows[0].openedAt == detected)
        #expect(windows[0].dueAt == (try at("2025-10-02T03:30:00+08:00")))
    }

    @Test(arguments: [IncidentSeverity.relativelyMajor, .general])
    func otherIncidentsGetFortyEightHours(_ severity: IncidentSeverity) throws {
        let detected = try at("2025-10-01T22:30:00+08:00")
        let windows = try Self.rules.get().windowsOpened(by: incident(severity, detected: detected), eventID: "e1", eventTime: detected)
        #expect(windows.map(\.kind) == [.otherIncident])
        #expect(windows[0].dueAt == (try at("2025-10-03T22:30:00+08:00")))
    }

    @Test func interpretationIsDueAtTheEndOfTheThirdWorkingDayAcrossNationalDay2025() throws {
        // Published Tuesday 30 September 2025: 1–8 October are off, Saturday 11 October is a make-up working
        // day, so the working days after are 9, 10 and 11 October.
        let published = try at("2025-09-30T16:00:00+08:00")
        let windows = try Self.rules.get().windowsOpened(by: policy(), eventID: "e1", eventTime: published)
        #expect(windows.map(\.kind) == [.policyInterpretation])
        #expect(windows[0].dueAt == (try at("2025-10-11T23:59:59+08:00")))
        #expect(windows[0].openedAt == published)
        #expect(windows[0].subject == "芜湖市社会救助办法")
    }

    @Test func theMakeUpSundayBeforeNationalDayCounts() throws {
        // Friday 26 September 2025: Sunday 28 September is worked, so 28, 29 and 30 September.
        let published = try at("2025-09-26T09:00:00+08:00")
        let windows = try Self.rules.get().windowsOpened(by: policy(), eventID: "e1", eventTime: published)
        #expect(windows[0].dueAt == (try at("2025-09-30T23:59:59+08:00")))
    }

    @Test func publicationIsCheckedAgainstTwentyWorkingDaysFromSigning() throws {
        // Signed Monday 1 September 2025: working days after it, with 28 September worked and 1–8 October off:
        // 2–5, 8–12, 15–19, 22–26 September (19 days), 28 September is the 20th.
        let published = try at("2025-09-30T16:00:00+08:00")
        let windows = try Self.rules.get().windowsOpened(by: policy(signed: "2025-09-01"), eventID: "e1", eventTime: published)
        let publication = try #require(windows.first { $0.kind == .normativeDocumentPublication })
        #expect(publication.id == "normative-document-publication:p-1")
        #expect(publication.openedAt == (try at("2025-09-01T00:00:00+08:00")))
        #expect(publication.dueAt == (try at("2025-09-28T23:59:59+08:00")))
        // The publication event closes it: here two days late.
        #expect(publication.closedAt == published)
        #expect(publication.wasLate)
    }

    @Test func aYearWithoutAnArrangementIsRefused() throws {
        let published = try at("2027-03-01T09:00:00+08:00")
        #expect(throws: ResponseWindowRules.ComputationError.self) {
            try Self.rules.get().windowsOpened(by: policy(), eventID: "e1", eventTime: published)
        }
        do {
            _ = try Self.rules.get().windowsOpened(by: policy(), eventID: "e1", eventTime: published)
        } catch {
            #expect("\(error)".contains("2027"))
            #expect("\(error)".contains("policy-interpretation"))
        }
    }

    @Test func responsesAndInterpretationsCloseTheirWindows() throws {
        let rules = try Self.rules.get()
        let responded = try at("2025-10-02T01:00:00+08:00")
        let response = GovEvent.incidentResponded(IncidentResponded(
            incidentID: "yq-1", url: "https://www.nlx.gov.cn/r", respondedAt: responded, region: try RegionCode("340223"),
            domains: [try DomainID("work-safety")], summary: "权威发布"))
        #expect(rules.closure(by: response, eventID: "e2", eventTime: responded)
                == ResponseWindowClosure(family: .incident, aggregateID: "yq-1", closedAt: responded, closingEventID: "e2"))
        let interpretation = GovEvent.policyInterpretationPublished(PolicyInterpretationPublished(
            policyID: "p-1", form: .questionsAndAnswers, url: "https://www.wuhu.gov.cn/j", region: try RegionCode("340200"),
            domains: [try DomainID("social-assistance")]))
        #expect(rules.closure(by: interpretation, eventID: "e3", eventTime: responded)?.windowID == "policy-interpretation:p-1")
        #expect(rules.closure(by: try policy(), eventID: "e1", eventTime: responded) == nil)
    }

    @Test func alertsFallAtTheFractionsTheDeadlineAndTheEscalation() throws {
        let opened = try at("2025-10-09T10:00:00+08:00")
        let window = ResponseWindow(kind: .majorIncident, aggregateID: "yq-1", region: try RegionCode("340223"), domains: [],
                                    subject: "s", openedAt: opened, dueAt: opened.addingTimeInterval(5 * 3600), openingEventID: "e1")
        let plan = try WindowAlertPlan(escalationDelay: .seconds(600))
        let alerts = plan.alerts(for: window, now: opened)
        #expect(alerts.map(\.name) == ["warning-50", "warning-80", "deadline", "breach"])
        #expect(alerts.map(\.dueAt) == [opened.addingTimeInterval(9000), opened.addingTimeInterval(14_400),
                                        opened.addingTimeInterval(18_000), opened.addingTimeInterval(18_600)])
        #expect(alerts.map(\.audience) == [.onDuty, .onDuty, .onDuty, .escalation])
        #expect(alerts[0].id == "incident:yq-1#warning-50")
        // Opened late (a replay 4.5 hours in): only the latest missed warning remains, then the rest.
        let late = plan.alerts(for: window, now: opened.addingTimeInterval(4.5 * 3600))
        #expect(late.map(\.name) == ["warning-80", "deadline", "breach"])
        #expect(throws: WindowAlertPlan.PlanError.badFraction(1.5)) { try WindowAlertPlan(warningFractions: [0.5, 1.5]) }
    }

    @Test func stateAndUrgencyFollowTheClock() throws {
        let opened = try at("2025-10-09T10:00:00+08:00")
        var window = ResponseWindow(kind: .otherIncident, aggregateID: "yq-2", region: try RegionCode("340223"), domains: [],
                                    subject: "s", openedAt: opened, dueAt: opened.addingTimeInterval(100), openingEventID: "e1")
        #expect(window.urgency(at: opened.addingTimeInterval(10)) == .ok)
        #expect(window.urgency(at: opened.addingTimeInterval(50)) == .warning)
        #expect(window.urgency(at: opened.addingTimeInterval(85)) == .due)
        #expect(window.urgency(at: opened.addingTimeInterval(101)) == .breached)
        #expect(window.state(at: opened.addingTimeInterval(100)) == .open)
        #expect(window.state(at: opened.addingTimeInterval(101)) == .breached)
        window.closedAt = opened.addingTimeInterval(120)
        #expect(window.state(at: opened.addingTimeInterval(101)) == .closed)
        #expect(window.wasLate)
        #expect(window.responseTime == 120)
    }
}
