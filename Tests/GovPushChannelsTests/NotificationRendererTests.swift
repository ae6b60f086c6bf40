import GovPushChannels
import GovPushDomain
import Testing

@Suite struct NotificationRendererTests {
    let renderer: NotificationRenderer

    init() throws {
        renderer = try NotificationRenderer(regionName: { $0 == ChannelFixtures.region ? "南陵县" : nil })
    }

    private func render(_ event: GovEvent, _ channel: ChannelKind) throws -> RenderedMessage {
        try renderer.render(event, eventID: "evt-1", subscriberID: ChannelFixtures.subscriber, for: channel)
    }

    @Test(arguments: ChannelKind.allCases)
    func everyKindRendersChineseOnEveryChannel(channel: ChannelKind) throws {
        for event in ChannelFixtures.allEvents {
            let message = try render(event, channel)
            #expect(!message.title.isEmpty && !message.body.isEmpty, "\(event.type) on \(channel)")
            #expect(message.body.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(event.type) on \(channel)")
            #expect(!message.body.contains("{{") && !message.body.contains("&"), "\(event.type) on \(channel): \(message.body)")
            #expect(message.templateParameters.isEmpty == (channel != .sms))
        }
    }

    @Test func policyDefault() throws {
        let message = try render(ChannelFixtures.policy, .app)
        #expect(message.title == "新政策发布：芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见")
        #expect(message.body.contains("芜湖市人民政府办公室发布《芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见》（芜政办秘〔2020〕47号），发文日期2020年5月1日。"))
        #expect(message.body.contains("有效，自2020年6月1日起施行"))
        #expect(message.body.contains("关键词：低保、社会救助。"))
        #expect(message.url == "https://www.wuhu.gov.cn/p/47")
        #expect(message.html == nil)
    }

    @Test func policySMSParametersInOrderWithTrimmedTitle() throws {
        let message = try render(ChannelFixtures.policy, .sms)
        #expect(message.templateParameters == ["芜湖市人民政府办公室关于进一步做好城乡…", "芜政办秘〔2020〕47号", "https://www.wuhu.gov.cn/p/47"])
        #expect(message.templateParameters[0].count == 20)
        #expect(message.body == "您关注的新政策《芜湖市人民政府办公室关于进一步做好城乡…》（芜政办秘〔2020〕47号）已发布，详见https://www.wuhu.gov.cn/p/47")
    }

    @Test func smsParametersOfEveryKind() throws {
        #expect(try render(ChannelFixtures.interpretation, .sms).templateParameters
            == ["一图读懂城乡低保实施意见", "问答", "https://www.wuhu.gov.cn/jd/47"])
        #expect(try render(ChannelFixtures.serviceGuide, .sms).templateParameters == ["最低生活保障申请", "办理材料、办理时限"])
        #expect(try render(ChannelFixtures.incident, .sms).templateParameters == ["南陵县", "重大", "网传某镇低保资格认定不公", "5"])
        #expect(try render(ChannelFixtures.response, .sms).templateParameters
            == ["关于网传低保资格认定问题的情况通报", "https://www.wuhu.gov.cn/hy/7"])
        #expect(try render(ChannelFixtures.progress, .sms).templateParameters
            == ["case-2026-0001", "事中进展", "您的申请已受理，正在入户调查。"])
    }

    @Test func emailHasSubjectAndEscapedHTML() throws {
        let message = try render(ChannelFixtures.policy, .email)
        #expect(message.title == "【新政策发布】芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见（芜政办秘〔2020〕47号）")
        #expect(message.body.hasPrefix("您好："))
        let html = try #require(message.html)
        #expect(html.contains(#"<a href="https://www.wuhu.gov.cn/p/47">查看政策全文</a>"#))
    }

    @Test func wechatTitleFitsAThingValue() throws {
        let message = try render(ChannelFixtures.policy, .wechat)
        #expect(message.title.count == 20 && message.title.hasSuffix("…"))
    }

    @Test func otherKindsSayWhatHappened() throws {
        let guide = try render(ChannelFixtures.serviceGuide, .app)
        #expect(guide.title == "办事指南变更：最低生活保障申请")
        #expect(guide.body.contains("变更内容：办理材料、办理时限。") && guide.body.contains("不再要求提供户口簿复印件。"))

        let incident = try render(ChannelFixtures.incident, .wecomGroup)
        #expect(incident.title == "【舆情预警】重大政务舆情")
        #expect(incident.body.contains("区划：南陵县") && incident.body.contains("5小时"))
        #expect(incident.body.contains("2023年11月15日 06:13"))  // 1_700_000_000 is 2023-11-14T22:13:20Z
        #expect(incident.url == nil)

        let response = try render(ChannelFixtures.response, .app)
        #expect(response.title == "权威信息发布" && response.body.contains("关于网传低保资格认定问题的情况通报"))

        let progress = try render(ChannelFixtures.progress, .wechat)
        #expect(progress.title == "办件进度：事中进展")
        #expect(progress.body == "您的办件（case-2026-0001）事中进展：您的申请已受理，正在入户调查。")
    }

    @Test func channelWithoutItsOwnTemplateUsesTheKindsDefault() throws {
        let custom = try NotificationRenderer(templates: [
            "service-progress.default": "默认标题\n\n默认：{{stage}}",
            "service-progress.sms": "短信\n\n短信：{{p2}}",
        ])
        let wechat = try custom.render(ChannelFixtures.progress, eventID: "e", subscriberID: ChannelFixtures.subscriber, for: .wechat)
        #expect(wechat.title == "默认标题" && wechat.body == "默认：事中进展")
        let sms = try custom.render(ChannelFixtures.progress, eventID: "e", subscriberID: ChannelFixtures.subscriber, for: .sms)
        #expect(sms.body == "短信：事中进展")
    }

    @Test func bundledTemplatesAreTheSameForEverySubscriber() {
        for event in ChannelFixtures.allEvents {
            for channel in ChannelKind.allCases {
                #expect(renderer.isSameForEverySubscriber(event.type, on: channel), "\(event.type) on \(channel)")
            }
        }
    }

    @Test func templatesNamingTheSubscriberOrUsingPartialsArePersonalised() throws {
        let custom = try NotificationRenderer(templates: [
            "service-progress.default": "标题\n\n您好 {{subscriberId}}：{{stage}}",
            "service-progress.sms": "短信\n\n{{> service-progress.default}}",
            "policy-published.default": "  \n 标题 \n\n\t正文 {{title}}\n\n ",
        ])
        #expect(!custom.isSameForEverySubscriber(.serviceProgress, on: .app))
        #expect(!custom.isSameForEverySubscriber(.serviceProgress, on: .sms))
        #expect(custom.isSameForEverySubscriber(.policyPublished, on: .wechat))
        let first = try custom.render(ChannelFixtures.progress, eventID: "e", subscriberID: ChannelFixtures.subscriber, for: .app)
        let second = try custom.render(ChannelFixtures.progress, eventID: "e", subscriberID: try SubscriberID("another-1"), for: .app)
        #expect(first.body != second.body && second.body.contains("another-1"))
        // Title and body lose the whitespace around them, not inside them.
        let policy = try custom.render(ChannelFixtures.policy, eventID: "e", subscriberID: ChannelFixtures.subscriber, for: .app)
        #expect(policy.title == "标题" && policy.body.hasPrefix("正文 ") && !policy.body.hasSuffix(" "))
    }

    @Test func missingTemplateIsAnError() throws {
        let custom = try NotificationRenderer(templates: ["service-progress.default": "标题\n\n正文"])
        #expect(throws: RenderingError.missingTemplate(eventType: .policyPublished, channel: .sms)) {
            try custom.render(ChannelFixtures.policy, eventID: "e", subscriberID: ChannelFixtures.subscriber, for: .sms)
        }
    }

    @Test func invalidTemplateIsRefusedAtLoad() {
        #expect(throws: RenderingError.self) {
            try NotificationRenderer(templates: ["policy-published.default": "{{#title}}未闭合"])
        }
    }

    @Test func wecomGroupBodyFitsTheBotLimit() throws {
        let long = GovEvent.incidentReported(IncidentReported(
            incidentID: "inc-long", severity: .general, region: ChannelFixtures.region, domains: ChannelFixtures.domains,
            summary: String(repeating: "舆情", count: 2000), detectedAt: .init(timeIntervalSince1970: 0)))
        let message = try render(long, .wecomGroup)
        #expect(message.body.utf8.count <= 2048 && message.body.hasSuffix("…"))
    }
}
