import Testing

@Suite struct HelpAndReferenceCommandTests {
    @Test func helpListsEverySubcommand() async throws {
        let help = try await GovPushBinary.run(["--help"])
        #expect(help.status == 0)
        for command in ["cluster", "topics", "region", "calendar", "bench"] {
            #expect(help.output.contains("  \(command) "), "--help does not list \(command)")
        }
    }

    @Test func regionShowPrintsTheChainOrRefusesUnknownCodes() async throws {
        let nanling = try await GovPushBinary.run(["region", "show", "340223"])
        #expect(nanling.status == 0)
        #expect(nanling.lines == ["340223 南陵县 → 340200 芜湖市 → 340000 安徽省"])
        let unknown = try await GovPushBinary.run(["region", "show", "340299"])
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("340299"))
    }

    @Test func calendarAddCountsWorkingDaysOrRefusesYearsWithoutData() async throws {
        let result = try await GovPushBinary.run(["calendar", "add", "--from", "2025-09-30", "--working-days", "3"])
        #expect(result.status == 0)
        #expect(result.lines == ["2025-10-11"])
        let uncovered = try await GovPushBinary.run(["calendar", "add", "--from", "2027-03-01", "--working-days", "3"])
        #expect(uncovered.status != 0)
        #expect(uncovered.errors.contains("2027"))
    }
}
