import Foundation
import GovPushChannels
import GovPushDomain
import GovPushTesting
import Testing

/// WeCom group bots against a local webhook stand-in: splitting, the local 20-a-minute window, errcodes.
@Suite struct WeComGroupBotChannelTests {
    static let key = "693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa"

    private func withBot(_ body: (WeComBotStandIn, ManualClock, CapturedLog) async throws -> Void) async throws {
        let clock = ManualClock()
        let standIn = try await WeComBotStandIn.start(keys: [Self.key], now: clock.function)
        do { try await body(standIn, clock, CapturedLog()) } catch { try? await standIn.shutdown(); throw error }
        try await standIn.shutdown()
    }

    private func channel(_ standIn: WeComBotStandIn, clock: ManualClock, log: CapturedLog, type: WeComBotConfiguration.MessageType = .text) -> WeComGroupBotChannel {
        WeComGroupBotChannel(configuration: WeComBotConfiguration(endpoint: standIn.endpoint, messageType: type, timeout: .seconds(5)),
                             now: clock.function, logger: log.logger("wecom"))
    }

    static func notification(_ deliveryID: String, key: String = WeComGroupBotChannelTests.key, body: String = "芜湖市人民政府办公室发布《实施意见》。") -> OutgoingNotification {
        var notification = ChannelFixtures.notification(deliveryID: deliveryID, address: .wecomGroup(botKey: try! WeComBotKey(key)))
        notification.message.body = body
        return notification
    }

    @Test func splitsOnCharacterBoundariesWithinTheByteLimit() {
        let text = String(repeating: "政务公开信息😀", count: 400)  // 3-byte Han and 4-byte emoji
        let parts = WeComMessageSplitter.split(text, maximumBytes: 2048)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf8.count <= 2048 && !$0.isEmpty })
        #expect(parts.joined() == text)
        #expect(WeComMessageSplitter.split("短消息", maximumBytes: 2048) == ["短消息"])
        // A line break in a part's second half is preferred.
        let paragraphs = String(repeating: "甲", count: 500) + "\n" + String(repeating: "乙", count: 500)
        #expect(WeComMessageSplitter.split(paragraphs, maximumBytes: 2048).first?.hasSuffix("\n") == true)
    }

    @Test func postsTextWithTitleBodyAndLink() async throws {
        try await withBot { standIn, clock, log in
            let outcome = await channel(standIn, clock: clock, log: log).send(Self.notification("dlv-1"))
            #expect(outcome == .delivered(providerReference: nil))
            #expect(standIn.messages == [.init(key: Self.key, msgtype: "text",
                                               content: "新政策发布：低保实施意见\n芜湖市人民政府办公室发布《实施意见》。\nhttps://www.wuhu.gov.cn/p/47")])
            #expect(!log.text.contains(Self.key))
        }
    }

    @Test func aLongNoticeGoesOutAsSeveralMessagesInOrder() async throws {
        try await withBot { standIn, clock, log in
            let body = String(repeating: "村民议事会通知：", count: 300)
            let outcome = await channel(standIn, clock: clock, log: log, type: .markdown).send(Self.notification("dlv-long", body: body))
            #expect(outcome == .delivered(providerReference: nil))
            let messages = standIn.messages
            #expect(messages.count > 1)
            #expect(messages.allSatisfy { $0.msgtype == "markdown" && $0.content.utf8.count <= 4096 })
            #expect(messages.map(\.content).joined() == "**新政策发布：低保实施意见**\n\(body)\n[查看详情](https://www.wuhu.gov.cn/p/47)")
        }
    }

    @Test func theTwentyFirstMessageInAMinuteWaitsInsteadOfBeingSent() async throws {
        try await withBot { standIn, clock, log in
            let channel = channel(standIn, clock: clock, log: log)
            for n in 1...20 {
                #expect(await channel.send(Self.notification("dlv-\(n)")) == .delivered(providerReference: nil))
                clock.advance(by: 1)
            }
            let outcome = await channel.send(Self.notification("dlv-21"))
            guard case .transient(_, let retryAfter) = outcome else { Issue.record("expected transient, got \(outcome)"); return }
            // The first send (at t=0) leaves the window at t=60; it is now t=20.
            #expect(retryAfter == .seconds(40))
            #expect(standIn.messages.count == 20)
            clock.advance(by: 40)
            #expect(await channel.send(Self.notification("dlv-21")) == .delivered(providerReference: nil))
            #expect(standIn.messages.count == 21)
        }
    }

    @Test func windowCountsEveryPartOfASplitNotice() {
        let window = WeComSendWindow(limit: 20)
        let now = Date()
        #expect(window.admit(bot: "k", count: 18, now: now) == nil)
        #expect(window.admit(bot: "k", count: 3, now: now) == .seconds(60))
        #expect(window.admit(bot: "other", count: 3, now: now) == nil)
        #expect(window.admit(bot: "k", count: 2, now: now) == nil)
    }

    @Test func rateLimitErrcode45009IsTransient() async throws {
        try await withBot { standIn, clock, log in
            standIn.script(45009)
            let outcome = await channel(standIn, clock: clock, log: log).send(Self.notification("dlv-45009"))
            guard case .transient(let reason, let retryAfter) = outcome else { Issue.record("expected transient, got \(outcome)"); return }
            #expect(reason.contains("45009") && retryAfter == .seconds(60))
        }
    }

    @Test func anUnknownBotKeyIsPermanentAndNeverPrinted() async throws {
        try await withBot { standIn, clock, log in
            let unknown = "unknown-bot-key-0000000000"
            let outcome = await channel(standIn, clock: clock, log: log).send(Self.notification("dlv-93000", key: unknown))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("93000") && !reason.contains(unknown) && !log.text.contains(unknown))
        }
    }

    @Test(arguments: [(-1, "transient"), (40008, "permanent"), (93008, "permanent")])
    func errcodesAreClassified(errcode: Int, expected: String) async throws {
        try await withBot { standIn, clock, log in
            standIn.script(errcode)
            #expect(ProviderFixtures.classOf(await channel(standIn, clock: clock, log: log).send(Self.notification("dlv-e"))) == expected)
        }
    }

    @Test func aRetryAfterAFailedPartResumesThere() async throws {
        try await withBot { standIn, clock, log in
            let body = String(repeating: "村民议事会通知：", count: 200)  // about 4.8 KB: three text parts
            standIn.script(0, -1)
            let channel = channel(standIn, clock: clock, log: log)
            #expect(ProviderFixtures.classOf(await channel.send(Self.notification("dlv-resume", body: body))) == "transient")
            #expect(standIn.messages.count == 1)
            #expect(await channel.send(Self.notification("dlv-resume", body: body)) == .delivered(providerReference: nil))
            let parts = WeComMessageSplitter.split(channel.content(Self.notification("x", body: body).message), maximumBytes: 2048)
            #expect(standIn.messages.map(\.content) == parts)
        }
    }
}
