import Foundation
import Testing
@testable import GovPushDomain

/// Validation of the payloads other than the policy itself.
@Suite struct EventPayloadValidationTests {
    let reference = EventSamples.reference

    @Test func acceptsEverySampleAndReadsItBack() throws {
        for event in EventSamples.allEvents {
            #expect(event.issues(against: reference).isEmpty, "\(event.type)")
            let read = try GovEvent.validated(type: event.type, data: event.payload.json, against: reference).get()
            #expect(read == event)
        }
    }

    @Test func interpretationNeedsAKnownFormAndThePolicy() {
        let json = EventSamples.json(EventSamples.interpretation) { $0["form"] = .string("podcast"); $0["policyId"] = nil }
        let result = PolicyInterpretationPublished.validated(json, against: reference)
        #expect(result.paths == ["data.form", "data.policyId"])
        #expect(result.reason(at: "data.form")?.contains("press-conference (新闻发布会)") == true)
    }

    @Test(arguments: [("新闻发布会", InterpretationForm.pressConference), ("图解", .graphic), ("动漫视频", .video), ("qa", .questionsAndAnswers)])
    func interpretationFormsAcceptChineseNames(_ name: String, _ form: InterpretationForm) {
        #expect(InterpretationForm(wireName: name) == form)
    }

    @Test func guideChangeNamesAtLeastOneDistinctKnownElement() {
        let empty = ServiceGuideChanged.validated(
            EventSamples.json(EventSamples.guideChange) { $0["changedElements"] = .array([]) }, against: reference)
        #expect(empty.reason(at: "data.changedElements") == "must list at least one entry")
        let unknown = ServiceGuideChanged.validated(
            EventSamples.json(EventSamples.guideChange) { $0["changedElements"] = .strings(["办理材料", "fees"]) }, against: reference)
        #expect(unknown.paths == ["data.changedElements[1]"])
        let twice = ServiceGuideChanged.validated(
            EventSamples.json(EventSamples.guideChange) { $0["changedElements"] = .strings(["materials", "办理材料"]) }, against: reference)
        #expect(twice.reason(at: "data.changedElements") == "lists materials more than once")
    }

    @Test func guideChangeAcceptsEveryElementOfSeed001Task5InChinese() throws {
        let names = ["设定依据", "实施机关", "办理条件", "办理程序", "办理时限", "办理材料"]
        let json = EventSamples.json(EventSamples.guideChange) { $0["changedElements"] = .strings(names) }
        let read = try ServiceGuideChanged.validated(json, against: reference).get()
        #expect(read.changedElements == ServiceGuideElement.allCases)
    }

    @Test(arguments: [
        ("特别重大", IncidentSeverity.especiallyMajor), ("I", .especiallyMajor), ("Ⅰ", .especiallyMajor), ("i", .especiallyMajor),
        ("especially-major", .especiallyMajor), ("重大", .major), ("II", .major), ("Ⅱ级", .major),
        ("较大", .relativelyMajor), ("III", .relativelyMajor), ("relatively-major", .relativelyMajor),
        ("一般", .general), ("IV", .general), ("Ⅳ", .general), ("general", .general),
    ])
    func severityNormalisesEverySpelling(_ name: String, _ severity: IncidentSeverity) throws {
        let json = EventSamples.json(EventSamples.incident) { $0["severity"] = .string(name) }
        let read = try IncidentReported.validated(json, against: reference).get()
        #expect(read.severity == severity)
        #expect(read.json == EventSamples.json(EventSamples.incident) { $0["severity"] = .string(severity.rawValue) })
    }

    @Test func vocabularyCodableAcceptsAliasesAndWritesTheASCIIId() throws {
        let decoded = try JSONDecoder().decode([IncidentSeverity].self, from: Data("[\"特别重大\",\"IV\"]".utf8))
        #expect(decoded == [.especiallyMajor, .general])
        #expect(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self) == "[\"especially-major\",\"general\"]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IncidentSeverity.self, from: Data("\"V\"".utf8)) }
    }

    @Test func onlyTheTwoGravestSeveritiesGetTheFiveHourWindow() {
        #expect(IncidentSeverity.allCases.filter(\.isMajorOrAbove) == [.especiallyMajor, .major])
    }

    @Test(arguments: ["V", "5", "critical", "", "特大"])
    func refusesInvalidSeverities(_ name: String) {
        let json = EventSamples.json(EventSamples.incident) { $0["severity"] = .string(name) }
        let reason = IncidentReported.validated(json, against: reference).reason(at: "data.severity")
        #expect(reason?.contains("is not a known incident severity") == true)
    }

    @Test func incidentNeedsATimestampWithOffsetAndASummary() {
        let json = EventSamples.json(EventSamples.incident) {
            $0["detectedAt"] = .string("2026-11-21 08:30")
            $0["summary"] = .string("")
            $0["domains"] = .array([])
        }
        let result = IncidentReported.validated(json, against: reference)
        #expect(result.paths == ["data.detectedAt", "data.summary", "data.domains"])
        #expect(result.reason(at: "data.detectedAt")?.contains("RFC 3339") == true)
    }

    @Test func responseNeedsItsURLAndTime() {
        let json = EventSamples.json(EventSamples.response) { $0["url"] = nil; $0["respondedAt"] = .string("yesterday") }
        #expect(IncidentResponded.validated(json, against: reference).paths == ["data.url", "data.respondedAt"])
    }

    @Test func progressNeedsAKnownStageAndText() {
        let json = EventSamples.json(EventSamples.progress) { $0["stage"] = .string("done"); $0["text"] = .string("") }
        let result = ServiceProgress.validated(json, against: reference)
        #expect(result.paths == ["data.stage", "data.text"])
        #expect(result.reason(at: "data.stage")?.contains("事后结果") == true)
    }

    @Test(arguments: [("事前准备", ServiceStage.preparation), ("事中进展", .inProgress), ("事后结果", .result)])
    func progressStagesAcceptTheSeedsWording(_ name: String, _ stage: ServiceStage) throws {
        let json = EventSamples.json(EventSamples.progress) { $0["stage"] = .string(name) }
        #expect(try ServiceProgress.validated(json, against: reference).get().stage == stage)
    }

    @Test func keysAndUrgencyFollowTheAggregate() {
        let expected: [(EventType, String, Bool)] = [
            (.policyPublished, "wuhu-wzbm-2020-47", false),
            (.policyInterpretationPublished, "wuhu-wzbm-2020-47", false),
            (.serviceGuideChanged, "340223-dibao-review", false),
            (.incidentReported, "341800-2026-0042", true),
            (.incidentResponded, "341800-2026-0042", true),
            (.serviceProgress, "case-340223-2026-000981", true),
        ]
        for (event, (type, key, urgent)) in zip(EventSamples.allEvents, expected) {
            #expect(event.type == type)
            #expect(event.aggregateID == key && event.kafkaKey == Array(key.utf8))
            #expect(event.isUrgent == urgent, "\(type)")
        }
        #expect(GovEvent.serviceProgress(EventSamples.progress).region == nil)
        #expect(GovEvent.policyPublished(EventSamples.wuhuPolicy).region == EventSamples.region("340200"))
    }
}
