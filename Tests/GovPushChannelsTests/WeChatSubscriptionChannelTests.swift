import Foundation
import GovPushChannels
import GovPushDomain
import GovPushTesting
import Testing

/// WeChat subscription messages against a local WeChat API stand-in, with the in-memory grant ledger.
@Suite struct WeChatSubscriptionChannelTests {
    static let appSecret = "wechat-app-secret-do-not-log"
    static let openID = try! WeChatOpenID("oWuhuCitizen0001xyz")
    static let template = WeChatTemplate(templateID: "tmpl-policy", page: "pages/notice/index",
                                         fields: ["thing1": .title, "time2": .sentTime, "phrase3": .literal("已发布")])

    struct Harness {
        let standIn: WeChatAPIStandIn
        let ledger: InMemoryWeChatGrantLedger
        let log: CapturedLog
        let clock: ManualClock

        func channel(variant: WeChatConfiguration.Variant = .miniProgram, secret: String = WeChatSubscriptionChannelTests.appSecret,
                     template: WeChatTemplate = WeChatSubscriptionChannelTests.template) -> WeChatSubscriptionChannel {
            WeChatSubscriptionChannel(configuration: WeChatConfiguration(
                appID: "wx-govpush-test", appSecret: ProviderSecret(secret), variant: variant, templates: ["policy-published": template],
                apiBase: standIn.apiBase, timeout: .seconds(5)), ledger: ledger, now: clock.function, logger: log.logger("wechat"))
        }

        func grant(_ id: String, template: String = "tmpl-policy", scene: Int? = 1001) -> WeChatGrant {
            let grant = WeChatGrant(id: id, subscriberID: ChannelFixtures.subscriber, templateID: template, openID: WeChatSubscriptionChannelTests.openID.clearText,
                                    scene: scene, grantedAt: clock.now)
            ledger.add(grant)
            return grant
        }
    }

    private func withHarness(expiresIn: Int = 7200, _ body: (Harness) async throws -> Void) async throws {
        let standIn = try await WeChatAPIStandIn.start(appID: "wx-govpush-test", appSecret: Self.appSecret, expiresIn: expiresIn)
        let harness = Harness(standIn: standIn, ledger: InMemoryWeChatGrantLedger(), log: CapturedLog(), clock: ManualClock())
        do { try await body(harness) } catch { try? await standIn.shutdown(); throw error }
        try await standIn.shutdown()
    }

    static func notification(_ deliveryID: String, title: String = "新政策发布：低保实施意见") -> OutgoingNotification {
        var notification = ChannelFixtures.notification(deliveryID: deliveryID, address: .wechat(openID: openID))
        notification.message.title = title
        return notification
    }

    @Test func sendsWithOneCachedTokenAndConsumesEachGrant() async throws {
        try await withHarness { h in
            for n in 1...3 { _ = h.grant("g\(n)") }
            let channel = h.channel()
            for n in 1...3 {
                let outcome = await channel.send(Self.notification("dlv-wx-\(n)"))
                #expect(ProviderFixtures.classOf(outcome) == "delivered")
            }
            #expect(h.standIn.tokensIssued == 1)
            #expect((1...3).map { h.ledger.state(of: "g\($0)") } == [.consumed, .consumed, .consumed])
            let send = try #require(h.standIn.sends.first)
            #expect(send.path == "/cgi-bin/message/subscribe/send")
            #expect(send.body["touser"] == Self.openID.clearText)
            #expect(send.body["template_id"] == "tmpl-policy")
            #expect(send.body["page"] == "pages/notice/index")
            #expect(send.values["thing1"] == "新政策发布：低保实施意见")
            #expect(send.values["phrase3"] == "已发布")
            #expect(send.values["time2"]?.contains("年") == true)
            let tokenRequest = try #require(h.standIn.tokenRequests.first)
            #expect(tokenRequest["grant_type"] == "client_credential" && tokenRequest["appid"] == "wx-govpush-test")
            #expect(!h.log.text.contains(Self.appSecret) && !h.log.text.contains(Self.openID.clearText))
            #expect(!h.log.text.contains("stand-in-token-1"))
        }
    }

    @Test func aThingOverTwentyCharactersIsShortenedBeforeSending() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            let long = "芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见全文"
            #expect(long.count > 20)
            let outcome = await h.channel().send(Self.notification("dlv-long", title: long))
            #expect(ProviderFixtures.classOf(outcome) == "delivered")
            let sent = try #require(h.standIn.sends.first?.values["thing1"])
            #expect(sent.count == 20 && sent.hasSuffix("…") && long.hasPrefix(String(sent.dropLast())))
        }
    }

    @Test func aStructuredValueBeyondItsLimitIsRefusedWithoutSpendingTheGrant() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            let template = WeChatTemplate(templateID: "tmpl-policy", fields: ["character_string1": .url])
            var notification = Self.notification("dlv-url")
            notification.message.url = "https://disclosure.example.org/340200/policies/wuhu-2026-47"  // > 32 characters
            let outcome = await h.channel(template: template).send(notification)
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("character_string1"))
            #expect(h.standIn.sends.isEmpty)
            #expect(h.ledger.state(of: "g1") == .available)
        }
    }

    @Test func noGrantIsPermanentSoTheNextChannelIsTried() async throws {
        try await withHarness { h in
            _ = h.grant("other", template: "tmpl-other")
            let outcome = await h.channel().send(Self.notification("dlv-nogrant"))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("no one-time grant"))
            #expect(h.standIn.sends.isEmpty && h.standIn.tokensIssued == 0)
        }
    }

    @Test func invalidTokenIsRefreshedOnceAndTheSendRetriedOnce() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            _ = h.grant("g2")
            let channel = h.channel()
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("dlv-a"))) == "delivered")
            h.standIn.script(40001)
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("dlv-b"))) == "delivered")
            #expect(h.standIn.tokensIssued == 2)
            #expect(h.standIn.sends.map(\.errcode) == [0, 40001, 0])
            #expect(h.ledger.state(of: "g2") == .consumed)
        }
    }

    @Test func anExpiredTokenIsRefreshed() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            _ = h.grant("g2")
            let channel = h.channel()
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("dlv-a"))) == "delivered")
            h.standIn.expireTokens()
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("dlv-b"))) == "delivered")
            #expect(h.standIn.tokensIssued == 2)
        }
    }

    @Test func aRepeatedTokenErrorIsTransientAndReleasesTheGrant() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            h.standIn.script(40001, 40001)
            let outcome = await h.channel().send(Self.notification("dlv-twice"))
            #expect(ProviderFixtures.classOf(outcome) == "transient")
            #expect(h.standIn.tokensIssued == 2)
            #expect(h.ledger.state(of: "g1") == .available)
        }
    }

    @Test func theTokenIsRefetchedAfterItsLifetimeLessTheMargin() async throws {
        try await withHarness(expiresIn: 400) { h in
            for n in 1...3 { _ = h.grant("g\(n)") }
            let channel = h.channel()  // margin 300 s: the token is used for 100 s
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("d1"))) == "delivered")
            h.clock.advance(by: 99)
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("d2"))) == "delivered")
            #expect(h.standIn.tokensIssued == 1)
            h.clock.advance(by: 2)
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("d3"))) == "delivered")
            #expect(h.standIn.tokensIssued == 2)
        }
    }

    @Test func concurrentSendsShareOneTokenRefresh() async throws {
        try await withHarness { h in
            for n in 1...8 { _ = h.grant("g\(n)") }
            let channel = h.channel()
            let outcomes = await withTaskGroup(of: ChannelOutcome.self) { group in
                for n in 1...8 { group.addTask { await channel.send(Self.notification("dlv-c\(n)")) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { ProviderFixtures.classOf($0) == "delivered" })
            #expect(h.standIn.tokensIssued == 1)
        }
    }

    @Test func refusal43101RevokesTheSubscribersGrantsForTheTemplate() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            _ = h.grant("g2")
            _ = h.grant("g-other", template: "tmpl-other")
            h.standIn.script(43101)
            let outcome = await h.channel().send(Self.notification("dlv-refused"))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("43101"))
            #expect(h.ledger.state(of: "g1") == .revoked && h.ledger.state(of: "g2") == .revoked)
            #expect(h.ledger.state(of: "g-other") == .available)
        }
    }

    @Test(arguments: [(47003, "permanent"), (40003, "permanent"), (40037, "permanent"), (-1, "transient"), (45009, "transient")])
    func sendErrorsAreClassifiedAndTheGrantReleased(errcode: Int, expected: String) async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            h.standIn.script(errcode)
            let outcome = await h.channel().send(Self.notification("dlv-e"))
            #expect(ProviderFixtures.classOf(outcome) == expected)
            #expect(h.ledger.state(of: "g1") == .available)
        }
    }

    @Test func aRetryUnderTheSameDeliveryReservesTheSameGrant() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            _ = h.grant("g2")
            h.standIn.script(-1)
            let channel = h.channel()
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("dlv-retry"))) == "transient")
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("dlv-retry"))) == "delivered")
            #expect(h.ledger.state(of: "g1") == .consumed && h.ledger.state(of: "g2") == .available)
        }
    }

    @Test func wrongAppSecretIsAPermanentConfigurationFailure() async throws {
        try await withHarness { h in
            _ = h.grant("g1")
            let outcome = await h.channel(secret: "wrong-app-secret").send(Self.notification("dlv-cfg"))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("40125") && reason.contains("GOVPUSH_WECHAT_APP_SECRET"))
            #expect(!reason.contains("wrong-app-secret") && !h.log.text.contains("wrong-app-secret"))
            #expect(h.ledger.state(of: "g1") == .available)
        }
    }

    @Test func officialAccountOneTimeSubscriptionCarriesSceneTitleAndContent() async throws {
        try await withHarness { h in
            _ = h.grant("g1", scene: 1001)
            let outcome = await h.channel(variant: .officialAccount).send(Self.notification("dlv-oa", title: "芜湖市人民政府办公室关于低保工作的实施意见"))
            #expect(ProviderFixtures.classOf(outcome) == "delivered")
            let send = try #require(h.standIn.sends.first)
            #expect(send.path == "/cgi-bin/message/template/subscribe")
            #expect(send.body["scene"] == "1001")
            #expect(send.body["title"]?.count == 15)
            #expect(send.body["url"] == "https://www.wuhu.gov.cn/p/47")
            #expect(send.values["content"] == "芜湖市人民政府办公室发布《实施意见》。")
        }
    }

    @Test func valueRulesFollowWeChatsLimits() {
        #expect(WeChatValueRule(fieldName: "thing12") == .thing)
        #expect(WeChatValueRule(fieldName: "character_string3") == .characterString)
        #expect(WeChatValueRule(fieldName: "enum1") == nil)
        #expect(WeChatValueRule.phrase.conform("配送中", field: "phrase1") == .success("配送中"))
        #expect(WeChatValueRule.phrase.conform("正在办理审核中", field: "phrase1") == .success("正在办理审"))
        #expect((try? WeChatValueRule.phrase.conform("ok", field: "phrase1").get()) == nil)
        #expect(WeChatValueRule.number.conform("12.5", field: "number1") == .success("12.5"))
        #expect((try? WeChatValueRule.number.conform("12a", field: "number1").get()) == nil)
        #expect((try? WeChatValueRule.characterString.conform(String(repeating: "a", count: 33), field: "c").get()) == nil)
        #expect(WeChatValueRule.thing.conform("第一行\n第二行", field: "thing1") == .success("第一行 第二行"))
        #expect((try? WeChatValueRule.thing.conform("  ", field: "thing1").get()) == nil)
    }
}
