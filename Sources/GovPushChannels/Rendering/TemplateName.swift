import GovPushDomain

/// Template file names: `<event kind>.<channel>.mustache`, with `<event kind>.default.mustache` for channels
/// without their own, and `<event kind>.email-html.mustache` for the e-mail HTML alternative.
enum TemplateName {
    static func eventKind(_ type: EventType) -> String {
        switch type {
        case .policyPublished: "policy-published"
        case .policyInterpretationPublished: "policy-interpretation"
        case .serviceGuideChanged: "service-guide-changed"
        case .incidentReported: "incident-reported"
        case .incidentResponded: "incident-responded"
        case .serviceProgress: "service-progress"
        }
    }

    static func forChannel(_ type: EventType, _ channel: ChannelKind) -> String { "\(eventKind(type)).\(channel.rawValue)" }
    static func fallback(_ type: EventType) -> String { "\(eventKind(type)).default" }
    static func html(_ type: EventType) -> String { "\(eventKind(type)).email-html" }

    /// HTML templates escape for HTML; every other template is plain text and escapes nothing.
    static func isHTML(_ name: String) -> Bool { name.hasSuffix(".email-html") }
}
