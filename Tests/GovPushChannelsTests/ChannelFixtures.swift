import Foundation
import GovPushChannels
import GovPushDomain

/// Events and notifications the channel tests share: one of each event kind, real-looking Chinese content.
enum ChannelFixtures {
    static let region = try! RegionCode("340223")
    static let domains = [try! DomainID("social-assistance")]
    static let subscriber = try! SubscriberID("sub-0001")

    static let policy = GovEvent.policyPublished(PolicyPublished(
        policyID: "policy-2020-47", title: "芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见",
        documentNumber: "芜政办秘〔2020〕47号", issuingBody: "芜湖市人民政府办公室",
        issueDate: try! CalendarDay("2020-05-01"),
        validity: PolicyValidity(status: .inForce, effectiveFrom: try! CalendarDay("2020-06-01")),
        domains: domains, keywords: ["低保", "社会救助"], region: region, url: "https://www.wuhu.gov.cn/p/47"))

    static let interpretation = GovEvent.policyInterpretationPublished(PolicyInterpretationPublished(
        policyID: "policy-2020-47", form: .questionsAndAnswers, url: "https://www.wuhu.gov.cn/jd/47",
        region: region, domains: domains, title: "一图读懂城乡低保实施意见"))

    static let serviceGuide = GovEvent.serviceGuideChanged(ServiceGuideChanged(
        serviceItemID: "item-dibao", serviceItemName: "最低生活保障申请", changedElements: [.materials, .timeLimit],
        region: region, domains: domains, summary: "不再要求提供户口簿复印件。", url: "https://www.ahzwfw.gov.cn/item/dibao"))

    static let incident = GovEvent.incidentReported(IncidentReported(
        incidentID: "inc-0007", severity: .major, region: region, domains: domains,
        summary: "网传某镇低保资格认定不公", detectedAt: Date(timeIntervalSince1970: 1_700_000_000)))

    static let response = GovEvent.incidentResponded(IncidentResponded(
        incidentID: "inc-0007", url: "https://www.wuhu.gov.cn/hy/7", respondedAt: Date(timeIntervalSince1970: 1_700_010_000),
        region: region, domains: domains, summary: "关于网传低保资格认定问题的情况通报"))

    static let progress = GovEvent.serviceProgress(ServiceProgress(
        applicantID: "sub-0001", caseID: "case-2026-0001", serviceItemID: "item-dibao", stage: .inProgress,
        text: "您的申请已受理，正在入户调查。"))

    static let allEvents = [policy, interpretation, serviceGuide, incident, response, progress]

    static func notification(deliveryID: String = "dlv-\(UUID().uuidString.prefix(8))",
                             address: SubscriberChannel? = nil) -> OutgoingNotification {
        OutgoingNotification(
            deliveryID: deliveryID, eventID: "evt-0001", eventType: .policyPublished, subscriberID: subscriber,
            address: address ?? .app(userID: try! AppUserID("wst-user-123456")),
            message: RenderedMessage(title: "新政策发布：低保实施意见", body: "芜湖市人民政府办公室发布《实施意见》。",
                                     url: "https://www.wuhu.gov.cn/p/47"),
            isUrgent: false)
    }
}
