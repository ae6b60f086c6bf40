import GovPushDomain

/// The values a template sees, per event kind (docs/channels.md "Template variables"), and the ordered
/// parameters of the provider-approved SMS template.
///
/// Every kind also gets `eventId`, `subscriberId`, `urgent`, and `p1`…`pN`: the SMS parameters. Optional
/// values are absent rather than empty, so `{{#url}}…{{/url}}` sections work.
struct TemplateContext {
    var values: [String: Any]
    /// The SMS template's parameters, in the approved template's order.
    var smsParameters: [String]
    var title: String
    var url: String?

    init(event: GovEvent, eventID: String, subscriberID: SubscriberID, limits: ChannelTextLimits,
         regionName: (RegionCode) -> String?) {
        var values: [String: Any] = [
            "eventId": eventID, "subscriberId": subscriberID.rawValue, "urgent": event.isUrgent,
        ]
        let shortTitle = { (text: String) in text.trimmed(toCharacters: limits.smsTitleParameter) }
        let shortText = { (text: String) in text.trimmed(toCharacters: limits.smsTextParameter) }
        if let region = event.region { values["region"] = regionName(region) ?? region.description }

        switch event {
        case .policyPublished(let policy):
            values["title"] = policy.title
            values["documentNumber"] = policy.documentNumber
            values["issuingBody"] = policy.issuingBody
            values["issueDate"] = ChineseDateText.day(policy.issueDate)
            if !policy.keywords.isEmpty { values["keywords"] = policy.keywords.joined(separator: "、") }
            if let validity = Self.validityText(policy.validity) { values["validity"] = validity }
            values["url"] = policy.url
            title = policy.title
            url = policy.url
            smsParameters = [shortTitle(policy.title), policy.documentNumber, policy.url]

        case .policyInterpretationPublished(let interpretation):
            let title = interpretation.title ?? "政策解读"
            values["title"] = title
            values["form"] = interpretation.form.chineseName
            values["policyId"] = interpretation.policyID
            values["url"] = interpretation.url
            self.title = title
            url = interpretation.url
            smsParameters = [shortTitle(title), interpretation.form.chineseName, interpretation.url]

        case .serviceGuideChanged(let guide):
            let elements = guide.changedElements.map(\.chineseName).joined(separator: "、")
            values["serviceItemName"] = guide.serviceItemName
            values["changedElements"] = elements
            if let summary = guide.summary { values["summary"] = summary }
            if let link = guide.url { values["url"] = link }
            title = "办事指南变更：\(guide.serviceItemName)"
            url = guide.url
            smsParameters = [shortTitle(guide.serviceItemName), elements]

        case .incidentReported(let incident):
            let hours = incident.severity.isMajorOrAbove ? 5 : 48
            values["severity"] = incident.severity.chineseName
            values["level"] = incident.severity.romanNumeral
            values["summary"] = incident.summary
            values["incidentId"] = incident.incidentID
            values["detectedAt"] = ChineseDateText.instant(incident.detectedAt)
            values["responseHours"] = hours
            title = "【舆情预警】\(incident.severity.chineseName)政务舆情"
            url = nil
            smsParameters = [values["region"] as? String ?? "", incident.severity.chineseName,
                             shortText(incident.summary), String(hours)]

        case .incidentResponded(let response):
            values["summary"] = response.summary
            values["respondedAt"] = ChineseDateText.instant(response.respondedAt)
            values["url"] = response.url
            title = "权威信息发布"
            url = response.url
            smsParameters = [shortText(response.summary), response.url]

        case .serviceProgress(let progress):
            values["stage"] = progress.stage.chineseName
            values["text"] = progress.text
            values["caseId"] = progress.caseID
            values["serviceItemId"] = progress.serviceItemID
            title = "办件进度：\(progress.stage.chineseName)"
            url = nil
            smsParameters = [progress.caseID, progress.stage.chineseName, shortText(progress.text)]
        }
        // The SMS template files are the provider-approved texts with {{p1}}…{{pN}} for {1}…{N}, so the
        // body previews exactly what the phone shows.
        for (index, parameter) in smsParameters.enumerated() { values["p\(index + 1)"] = parameter }
        self.values = values
    }

    private static func validityText(_ validity: PolicyValidity) -> String? {
        var parts: [String] = []
        if let status = validity.status { parts.append(status.chineseName) }
        if let from = validity.effectiveFrom { parts.append("自\(ChineseDateText.day(from))起施行") }
        if let until = validity.expiresOn { parts.append("有效期至\(ChineseDateText.day(until))") }
        return parts.isEmpty ? nil : parts.joined(separator: "，")
    }
}
