import Foundation
import GovPushDomain
import Mustache

/// Renders ops alerts about response windows (时限提醒) from the Chinese `window-alert.*` templates: which
/// window, its subject and region, and the time left (or overdue) when the alert fires.
public struct WindowAlertRenderer: Sendable {
    private let library: MustacheLibrary
    private let names: Set<String>
    private let limits: ChannelTextLimits
    private let regionName: @Sendable (RegionCode) -> String?

    public init(limits: ChannelTextLimits = .init(),
                regionName: @escaping @Sendable (RegionCode) -> String? = { _ in nil }) throws(RenderingError) {
        let templates = try NotificationRenderer.bundledTemplates().filter { $0.key.hasPrefix("window-alert.") }
        var library = MustacheLibrary()
        for (name, text) in templates {
            do { try library.register("{{% CONTENT_TYPE: TEXT }}\n" + text, named: name) } catch {
                throw .invalidTemplate(name: name, reason: "\(error)")
            }
        }
        self.library = library
        self.names = Set(templates.keys)
        self.limits = limits
        self.regionName = regionName
    }

    /// The alert `stage` about `window`, as sent at `now`, for `channel`.
    public func render(_ window: ResponseWindow, stage: WindowAlertStage, now: Date, for channel: ChannelKind) throws(RenderingError) -> RenderedMessage {
        let specific = "window-alert.\(channel.rawValue)"
        let name = names.contains(specific) ? specific : "window-alert.default"
        let remaining = window.dueAt.timeIntervalSince(now)
        let stageTitle: String = switch stage {
        case .warning: "时限预警"
        case .deadline: "时限已到"
        case .breach: "超时升级"
        }
        let action: String = switch (window.kind.family, stage) {
        case (.incident, .breach): "已超过回应时限，请立即督办并发布权威信息。"
        case (.incident, _): "请尽快发布权威信息回应关切。"
        case (.policyInterpretation, .breach): "已超过解读时限，请立即督办。"
        case (.policyInterpretation, _): "请尽快发布政策解读。"
        case (.normativeDocumentPublication, _): "请尽快公开该规范性文件。"
        }
        let values: [String: Any] = [
            "stageTitle": stageTitle,
            "kindName": window.kind.chineseName,
            "subject": window.subject,
            "regionName": regionName(window.region) ?? window.region.description,
            "regionCode": window.region.description,
            "openedAt": ChineseDateText.instant(window.openedAt),
            "dueAt": ChineseDateText.instant(window.dueAt),
            "overdue": remaining < 0,
            "timeLeft": Self.duration(abs(remaining)),
            "action": action,
            "windowID": window.id,
        ]
        guard names.contains(name), let text = library.render(values, withTemplate: name) else {
            throw .missingTemplate(eventType: window.kind.family == .incident ? .incidentReported : .policyPublished, channel: channel)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let newline = trimmed.firstIndex(of: "\n") ?? trimmed.endIndex
        let title = String(trimmed[..<newline]).trimmed(toCharacters: limits.titleLimit(channel))
        var body = trimmed[newline...].trimmingCharacters(in: .whitespacesAndNewlines)
        if channel == .wecomGroup { body = body.trimmed(toUTF8Bytes: limits.wecomGroupBodyBytes) }
        return RenderedMessage(title: title, body: body,
                               templateParameters: channel == .sms
                                   ? [stageTitle, window.kind.chineseName, window.subject.trimmed(toCharacters: 20), Self.duration(abs(remaining)),
                                      remaining < 0 ? "已超时" : "剩余"]
                                   : [])
    }

    /// `4小时59分`, `2天3小时`, `45秒`: whole units, the two largest that are not zero.
    public static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded(.down))
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60, secs = total % 60
        if days > 0 { return hours > 0 ? "\(days)天\(hours)小时" : "\(days)天" }
        if hours > 0 { return minutes > 0 ? "\(hours)小时\(minutes)分" : "\(hours)小时" }
        if minutes > 0 { return "\(minutes)分" }
        return "\(secs)秒"
    }
}
