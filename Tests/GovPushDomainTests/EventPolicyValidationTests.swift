import Foundation
import Testing
@testable import GovPushDomain

/// Seed 004 §五.1 (elements of a published policy), seed 000 task 3 (disclosure attribute), reference data.
@Suite struct EventPolicyValidationTests {
    let reference = EventSamples.reference
    let policy = EventSamples.wuhuPolicy

    func validate(_ edit: (inout [String: JSONValue]) -> Void) -> Result<PolicyPublished, EventValidationError> {
        PolicyPublished.validated(EventSamples.json(policy, edit), against: reference)
    }

    @Test func acceptsTheWuhuPolicyAndReadsItBack() throws {
        #expect(policy.issues(against: reference).isEmpty)
        let read = try PolicyPublished.validated(policy.json, against: reference).get()
        #expect(read == policy)
    }

    @Test func reportsEveryMissingRequiredElementAtOnce() {
        let result = PolicyPublished.validated(.object([:]), against: reference)
        let required = ["policyId", "title", "documentNumber", "issuingBody", "issueDate", "validity", "domains",
                        "keywords", "region", "disclosureAttribute", "url"].map { "data.\($0)" }
        #expect(result.paths == Set(required))
        #expect(result.issues.allSatisfy { $0.reason == "is required" })
    }

    @Test func nullCountsAsMissing() {
        #expect(validate { $0["title"] = .null }.reason(at: "data.title") == "is required")
    }

    @Test func refusesDataThatIsNotAnObject() {
        let result = PolicyPublished.validated(.array([]), against: reference)
        #expect(result.issues == [ValidationIssue(path: "data", reason: "expected a JSON object, found an array")])
    }

    @Test func refusesWrongJSONKinds() {
        let result = validate { $0["title"] = .number(5); $0["domains"] = .string("employment"); $0["keywords"] = .object([:]) }
        #expect(result.reason(at: "data.title") == "expected a string, found a number")
        #expect(result.reason(at: "data.domains") == "expected an array, found a string")
        #expect(result.reason(at: "data.keywords") == "expected an array, found an object")
    }

    @Test func refusesEmptyTextElements() {
        let result = validate { $0["title"] = .string("  "); $0["issuingBody"] = .string("") }
        #expect(result.reason(at: "data.title") == "must not be empty")
        #expect(result.reason(at: "data.issuingBody") == "must not be empty")
    }

    @Test(arguments: ["芜政办秘[2020]47号", "芜政办秘〔20〕47号", "〔2020〕47号", "芜政办秘〔2020〕47", "芜政办秘〔2020〕第47号", "47"])
    func refusesMalformedDocumentNumbers(_ number: String) {
        let reason = validate { $0["documentNumber"] = .string(number) }.reason(at: "data.documentNumber")
        #expect(reason?.contains("芜政办秘〔2020〕47号") == true, "reason should show the expected form: \(reason ?? "nil")")
    }

    @Test(arguments: ["陕政办发〔2020〕20号", "鄂前公办发〔2020〕2号", "宣政办秘〔2021〕43号"])
    func acceptsDocumentNumbersFromTheSeeds(_ number: String) {
        #expect(validate { $0["documentNumber"] = .string(number) }.issues.isEmpty)
    }

    @Test(arguments: ["2020-02-30", "2020/08/17", "20200817", "2020-8-17", "1900-01-01"])
    func refusesBadIssueDates(_ text: String) {
        #expect(validate { $0["issueDate"] = .string(text) }.reason(at: "data.issueDate")?.contains("YYYY-MM-DD") == true)
    }

    @Test func refusesASigningDateAfterTheIssueDate() {
        let result = validate { $0["signingDate"] = .string("2020-08-18") }
        #expect(result.paths == ["data.signingDate"])
    }

    @Test func validityNeedsAStatusOrDates() {
        let empty = validate { $0["validity"] = .object([:]) }
        #expect(empty.paths == ["data.validity"])
        #expect(empty.reason(at: "data.validity")?.contains("must state a status") == true)
        let onlyExpiry = validate { $0["validity"] = .object(["expiresOn": .string("2025-08-16")]) }
        #expect(onlyExpiry.issues.isEmpty)
        let chinese = validate { $0["validity"] = .object(["status": .string("现行有效")]) }
        #expect((try? chinese.get())?.validity.status == .inForce)
    }

    @Test func validityRefusesExpiryBeforeEffectAndUnknownStatus() {
        let result = validate {
            $0["validity"] = .object(["effectiveFrom": .string("2020-08-17"), "expiresOn": .string("2020-08-01")])
        }
        #expect(result.paths == ["data.validity.expiresOn"])
        let status = validate { $0["validity"] = .object(["status": .string("maybe")]) }
        #expect(status.reason(at: "data.validity.status")?.contains("in-force (有效)") == true)
        let notObject = validate { $0["validity"] = .string("有效") }
        #expect(notObject.reason(at: "data.validity") == "expected a JSON object, found a string")
    }

    @Test func domainsMustBeNonEmptyKnownWellFormedAndDistinct() {
        #expect(validate { $0["domains"] = .array([]) }.reason(at: "data.domains") == "must list at least one entry")
        let unknown = validate { $0["domains"] = .strings(["social-assistance", "employment", "tax-administration"]) }
        #expect(unknown.paths == ["data.domains[2]"])
        #expect(unknown.reason(at: "data.domains[2]")?.contains("unknown domain id \"tax-administration\"") == true)
        let malformed = validate { $0["domains"] = .strings(["Social Assistance"]) }
        #expect(malformed.reason(at: "data.domains[0]")?.contains("lowercase ASCII") == true)
        let twice = validate { $0["domains"] = .strings(["employment", "employment"]) }
        #expect(twice.reason(at: "data.domains") == "lists employment more than once")
    }

    @Test func keywordsMustBeNonEmpty() {
        #expect(validate { $0["keywords"] = .array([]) }.reason(at: "data.keywords") == "must list at least one entry")
        let blank = validate { $0["keywords"] = .strings(["政务公开", ""]) }
        #expect(blank.paths == ["data.keywords[1]"])
    }

    @Test func regionMustBeWellFormedAndKnown() {
        let malformed = validate { $0["region"] = .string("3402") }
        #expect(malformed.reason(at: "data.region") == "region code \"3402\" must have 6, 9 or 12 digits")
        let skipped = validate { $0["region"] = .string("340023") }
        #expect(skipped.reason(at: "data.region")?.contains("malformed") == true)
        let unknown = validate { $0["region"] = .string("340299") }
        #expect(unknown.reason(at: "data.region") == "340299 is not in the region catalog")
        let number = validate { $0["region"] = .number(340200) }
        #expect(number.reason(at: "data.region") == "expected a string, found a number")
    }

    @Test(arguments: ["依申请公开", "此件依申请公开", "on-request", "不予公开", "withheld", "部分公开", "partial"])
    func refusesEveryDisclosureAttributeButProactive(_ attribute: String) throws {
        let result = validate { $0["disclosureAttribute"] = .string(attribute) }
        #expect(result.paths == ["data.disclosureAttribute"])
        let reason = try #require(result.reason(at: "data.disclosureAttribute"))
        #expect(reason.contains("only 主动公开"), "\(reason)")
        #expect(reason.contains("seed 000 task 3"))
    }

    @Test(arguments: ["主动公开", "此件公开发布", "proactive", "PROACTIVE"])
    func acceptsProactiveDisclosureInEachSpelling(_ attribute: String) {
        #expect(validate { $0["disclosureAttribute"] = .string(attribute) }.issues.isEmpty)
    }

    @Test func refusesAnUnknownDisclosureAttribute() {
        let reason = validate { $0["disclosureAttribute"] = .string("公开") }.reason(at: "data.disclosureAttribute")
        #expect(reason?.contains("is not a known disclosure attribute") == true)
    }

    @Test func refusesASwiftBuiltPolicyThatMayNotBePushed() {
        var withheld = policy
        withheld.disclosureAttribute = .withheld
        withheld.keywords = []
        let paths = Set(withheld.issues(against: reference).map(\.path))
        #expect(paths == ["data.disclosureAttribute", "data.keywords"])
    }

    @Test(arguments: ["ftp://example.org/x", "example.org/x", "https://", "https://example.org/a b", ""])
    func refusesURLsThatCannotBeLinked(_ url: String) {
        #expect(validate { $0["url"] = .string(url) }.paths == ["data.url"])
    }

    @Test(arguments: ["", "has space", String(repeating: "x", count: 129)])
    func refusesUnusableIdentifiers(_ id: String) {
        #expect(validate { $0["policyId"] = .string(id) }.paths == ["data.policyId"])
    }

    @Test func reportsManyProblemsTogether() {
        let result = validate {
            $0["title"] = nil
            $0["documentNumber"] = .string("47号")
            $0["domains"] = .strings(["employment", "x y"])
            $0["region"] = .string("999999")
            $0["disclosureAttribute"] = .string("不予公开")
        }
        #expect(result.paths == ["data.title", "data.documentNumber", "data.domains[1]", "data.region", "data.disclosureAttribute"])
    }

    @Test func ignoresUnknownFieldsForForwardCompatibility() {
        #expect(validate { $0["attachments"] = .strings(["a.pdf"]) }.issues.isEmpty)
    }

    @Test func decodesThroughCodableWithoutACatalog() throws {
        let bytes = try JSONEncoder().encode(policy)
        #expect(try JSONDecoder().decode(PolicyPublished.self, from: bytes) == policy)
        var bad = policy
        bad.disclosureAttribute = .onRequest
        let badBytes = try JSONEncoder().encode(bad)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PolicyPublished.self, from: badBytes) }
    }
}
