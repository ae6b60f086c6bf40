import Foundation
import Testing
@testable import GovPushDomain

/// docs/schemas is a contract for producers in other languages: every example must pass both the JSON
/// Schemas (checked by Python's `jsonschema`, as CI installs it) and the Swift validator, and every
/// invalid fixture must be refused by both.
@Suite struct EventSchemaTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schemas = repositoryRoot.appendingPathComponent("docs/schemas")

    /// What the Swift validator must say about each invalid fixture (every fixture must be listed).
    static let invalidFixtures: [String: String] = [
        "policy-on-request": "data.disclosureAttribute",
        "policy-withheld": "data.disclosureAttribute",
        "policy-missing-document-number": "data.documentNumber",
        "policy-bad-document-number": "data.documentNumber",
        "policy-missing-validity": "data.validity",
        "policy-empty-validity": "data.validity",
        "policy-empty-domains": "data.domains",
        "policy-malformed-domain": "data.domains[0]",
        "policy-empty-keywords": "data.keywords",
        "policy-malformed-region": "data.region",
        "policy-bad-issue-date": "data.issueDate",
        "policy-missing-title": "data.title",
        "interpretation-unknown-form": "data.form",
        "service-guide-no-elements": "data.changedElements",
        "service-guide-unknown-element": "data.changedElements[0]",
        "incident-invalid-severity": "data.severity",
        "incident-time-without-offset": "data.detectedAt",
        "incident-response-ftp-url": "data.url",
        "service-progress-unknown-stage": "data.stage",
        "envelope-wrong-specversion": "specversion",
        "envelope-unknown-type": "type",
        "envelope-missing-id": "id",
        "envelope-missing-source": "source",
        "envelope-bad-time": "time",
        "envelope-missing-data": "data",
    ]

    /// Validates every example with `jsonschema` (draft 2020-12, with format checks) and prints
    /// `{"relative/path.json": ["error", …]}`; exits 3 when the module is missing.
    static let checker = #"""
    import json, pathlib, sys
    try:
        from jsonschema import Draft202012Validator
    except ImportError as error:
        print(f"the Python module jsonschema is not installed ({error}); run: pip install jsonschema", file=sys.stderr)
        sys.exit(3)
    root = pathlib.Path(sys.argv[1])
    def validator(name):
        schema = json.loads((root / f"{name}.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    envelope = validator("cloudevent")
    report = {}
    for path in sorted((root / "examples").rglob("*.json")):
        event = json.loads(path.read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in envelope.iter_errors(event)]
        kind = event.get("type") if isinstance(event, dict) else None
        if isinstance(kind, str) and (root / f"{kind}.json").exists() and isinstance(event.get("data"), dict):
            errors += [f"data/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(event["data"])]
        report[str(path.relative_to(root))] = errors
    print(json.dumps(report, ensure_ascii=False))
    """#

    enum SchemaCheck {
        case report([String: [String]])
        case unavailable(String)
    }

    static let schemaCheck: SchemaCheck = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", checker, schemas.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            return .unavailable("could not start python3 (\(error)); install Python 3 and `pip install jsonschema`")
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: break
        case 127: return .unavailable("python3 is not on PATH; install Python 3 and `pip install jsonschema`")
        case 3: return .unavailable(stderr)
        default: return .unavailable("the schema checker failed (exit \(process.terminationStatus)): \(stderr)")
        }
        guard let report = try? JSONDecoder().decode([String: [String]].self, from: stdout) else {
            return .unavailable("the schema checker printed something unreadable: \(String(decoding: stdout, as: UTF8.self))")
        }
        return .report(report)
    }()

    func schemaReport() -> [String: [String]]? {
        switch Self.schemaCheck {
        case .report(let report): return report
        case .unavailable(let reason):
            Issue.record("JSON Schema check unavailable: \(reason)")
            return nil
        }
    }

    func receive(_ relativePath: String) throws -> Result<ReceivedEvent, EventValidationError> {
        let bytes = try Array(Data(contentsOf: Self.schemas.appendingPathComponent(relativePath)))
        let record = KafkaRecordView(key: nil, value: bytes, headers: [RecordHeader("content-type", "application/cloudevents+json")])
        return Result { () throws(EventValidationError) in try ReceivedEvent(kafkaRecord: record, reference: EventSamples.reference) }
    }

    @Test func everyExampleSatisfiesTheSchemasAndTheSwiftValidator() throws {
        guard let report = schemaReport() else { return }
        let examples = report.keys.filter { !$0.hasPrefix("examples/invalid/") }.sorted()
        #expect(examples.count >= EventType.allCases.count)
        for example in examples {
            #expect(report[example] == [], "\(example) fails its JSON Schema: \(report[example] ?? [])")
            let received = try receive(example)
            #expect(received.issues.isEmpty, "\(example) is refused by Swift: \(received.issues)")
            // What Swift reads, it writes back in binary mode and reads again unchanged.
            if case .success(let event) = received {
                let rewritten = event.event.kafkaRecord(id: event.envelope.id, source: event.envelope.source, time: Date())
                let reread = try ReceivedEvent(kafkaRecord: rewritten, reference: EventSamples.reference)
                #expect(reread.event == event.event)
            }
        }
        let typesCovered = Set(try examples.compactMap { try receive($0).get().event.type })
        #expect(typesCovered == Set(EventType.allCases), "every event type needs an example")
    }

    @Test func everyInvalidFixtureIsRefusedByBothTheSchemasAndSwift() throws {
        guard let report = schemaReport() else { return }
        let fixtures = report.keys.filter { $0.hasPrefix("examples/invalid/") }.sorted()
        let names = Set(fixtures.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent })
        #expect(names == Set(Self.invalidFixtures.keys), "list each invalid fixture's expected issue in invalidFixtures")
        for fixture in fixtures {
            let name = URL(fileURLWithPath: fixture).deletingPathExtension().lastPathComponent
            #expect(report[fixture]?.isEmpty == false, "\(fixture) passes the JSON Schemas but must not")
            let result = try receive(fixture)
            let expected = try #require(Self.invalidFixtures[name])
            #expect(result.paths.contains(expected), "\(fixture): Swift reported \(result.issues), expected an issue at \(expected)")
        }
    }

    @Test func everyEventTypeHasASchemaNamedAfterIt() throws {
        let envelope = try Self.loadSchema("cloudevent")
        let types = Set(Self.strings(at: ["properties", "type", "enum"], in: envelope))
        #expect(types == Set(EventType.allCases.map(\.rawValue)))
        for type in EventType.allCases {
            let schema = try Self.loadSchema(type.rawValue)
            #expect(Self.strings(at: ["$schema"], in: schema) == ["https://json-schema.org/draft/2020-12/schema"])
        }
    }

    /// The schemas' enums list exactly the spellings Swift accepts (ASCII ids, Chinese, other names).
    @Test func vocabularyEnumsMatchTheSwiftTypes() throws {
        func names<T: EventVocabulary>(_ type: T.Type, only: [T]? = nil) -> Set<String> {
            Set((only ?? Array(T.allCases)).flatMap { [$0.rawValue, $0.chineseName] + $0.otherNames })
        }
        let policy = try Self.loadSchema(EventType.policyPublished.rawValue)
        #expect(Set(Self.strings(at: ["properties", "disclosureAttribute", "enum"], in: policy))
                == names(DisclosureAttribute.self, only: [.proactive]))
        #expect(Set(Self.strings(at: ["properties", "validity", "properties", "status", "enum"], in: policy))
                == names(PolicyValidityStatus.self))
        let interpretation = try Self.loadSchema(EventType.policyInterpretationPublished.rawValue)
        #expect(Set(Self.strings(at: ["properties", "form", "enum"], in: interpretation)) == names(InterpretationForm.self))
        let guide = try Self.loadSchema(EventType.serviceGuideChanged.rawValue)
        #expect(Set(Self.strings(at: ["properties", "changedElements", "items", "enum"], in: guide)) == names(ServiceGuideElement.self))
        let incident = try Self.loadSchema(EventType.incidentReported.rawValue)
        #expect(Set(Self.strings(at: ["properties", "severity", "enum"], in: incident)) == names(IncidentSeverity.self))
        let progress = try Self.loadSchema(EventType.serviceProgress.rawValue)
        #expect(Set(Self.strings(at: ["properties", "stage", "enum"], in: progress)) == names(ServiceStage.self))
    }

    static func loadSchema(_ name: String) throws -> JSONValue {
        try JSONValue.parse(Array(Data(contentsOf: schemas.appendingPathComponent("\(name).json"))))
    }

    static func strings(at path: [String], in value: JSONValue) -> [String] {
        var current = value
        for key in path {
            guard case .object(let object) = current, let next = object[key] else { return [] }
            current = next
        }
        switch current {
        case .string(let text): return [text]
        case .array(let items): return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        default: return []
        }
    }
}
