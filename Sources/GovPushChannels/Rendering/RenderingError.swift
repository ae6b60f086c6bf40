import GovPushDomain

/// Why a notification could not be rendered. Names templates and event kinds, never event content.
public enum RenderingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither the channel's template nor the kind's default exists.
    case missingTemplate(eventType: EventType, channel: ChannelKind)
    /// A template file does not parse.
    case invalidTemplate(name: String, reason: String)
    /// The bundled template folder is missing from the build.
    case templatesNotBundled

    public var description: String {
        switch self {
        case .missingTemplate(let type, let channel):
            "no template for \(type) on \(channel): neither \(TemplateName.forChannel(type, channel)) nor \(TemplateName.fallback(type))"
        case .invalidTemplate(let name, let reason): "template \(name) does not parse: \(reason)"
        case .templatesNotBundled: "the Templates resource folder is not in the GovPushChannels bundle"
        }
    }
}
