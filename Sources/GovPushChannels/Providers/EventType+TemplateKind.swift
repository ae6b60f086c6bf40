import GovPushDomain

extension EventType {
    /// The event kind's short name used by templates and provider configuration (`policy-published`,
    /// `service-progress`, …; docs/channels.md).
    public var templateKind: String { TemplateName.eventKind(self) }
}
