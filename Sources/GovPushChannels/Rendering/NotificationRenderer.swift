import Foundation
import GovPushDomain
import Mustache

/// Renders an event for one channel from the Chinese templates in `Templates/` (swift-mustache).
///
/// A template's first line is the title, then one blank line, then the body; a channel without its own
/// template (`<kind>.<channel>.mustache`) uses the kind's `<kind>.default.mustache`. SMS messages also get
/// the provider-approved template's parameters in order, since SMS content is pre-approved
/// (DOMAIN.md "Channels"). Templates are read once per process and parsed when the renderer is made (make
/// one and share it); rendering is pure.
public struct NotificationRenderer: Sendable {
    private let library: MustacheLibrary
    private let names: Set<String>
    /// Templates whose text can differ per subscriber: they name `subscriberId`, or include partials or
    /// change delimiters, which this check cannot see through.
    private let personalised: Set<String>
    public let limits: ChannelTextLimits
    private let regionName: @Sendable (RegionCode) -> String?

    /// The bundled templates.
    /// - Parameter regionName: a region's name for notices (e.g. from the region catalog); the code otherwise.
    public init(limits: ChannelTextLimits = .init(),
                regionName: @escaping @Sendable (RegionCode) -> String? = { _ in nil }) throws(RenderingError) {
        try self.init(templates: Self.bundled.get(), limits: limits, regionName: regionName)
    }

    /// Templates by name (`policy-published.sms`, …), e.g. a deployment's own wording.
    public init(templates: [String: String], limits: ChannelTextLimits = .init(),
                regionName: @escaping @Sendable (RegionCode) -> String? = { _ in nil }) throws(RenderingError) {
        var library = MustacheLibrary()
        for (name, text) in templates {
            // Plain-text channels must not get HTML entities in their text.
            let source = TemplateName.isHTML(name) ? text : "{{% CONTENT_TYPE: TEXT }}\n" + text
            do {
                try library.register(source, named: name)
            } catch {
                throw .invalidTemplate(name: name, reason: "\(error)")
            }
        }
        self.library = library
        self.names = Set(templates.keys)
        self.personalised = Set(templates.filter { _, text in
            text.contains("subscriberId") || text.contains("{{>") || text.contains("{{=")
        }.keys)
        self.limits = limits
        self.regionName = regionName
    }

    /// Whether every subscriber gets the same message for an event of `type` on `channel`, so a fan-out
    /// can render it once and reuse it.
    public func isSameForEverySubscriber(_ type: EventType, on channel: ChannelKind) -> Bool {
        let specific = TemplateName.forChannel(type, channel)
        let used = [names.contains(specific) ? specific : TemplateName.fallback(type)] + (channel == .email ? [TemplateName.html(type)] : [])
        return used.allSatisfy { !personalised.contains($0) }
    }

    /// The message for `subscriberID` about `event` on `channel`.
    public func render(_ event: GovEvent, eventID: String, subscriberID: SubscriberID,
                       for channel: ChannelKind) throws(RenderingError) -> RenderedMessage {
        let type = event.type
        let specific = TemplateName.forChannel(type, channel)
        let name = names.contains(specific) ? specific : TemplateName.fallback(type)
        let context = TemplateContext(event: event, eventID: eventID, subscriberID: subscriberID, limits: limits,
                                      regionName: regionName)
        guard names.contains(name), let text = library.render(context.values, withTemplate: name) else {
            throw .missingTemplate(eventType: type, channel: channel)
        }
        var (title, body) = Self.split(text, fallbackTitle: context.title)
        title = title.trimmed(toCharacters: limits.titleLimit(channel))
        if channel == .wecomGroup { body = body.trimmed(toUTF8Bytes: limits.wecomGroupBodyBytes) }

        var html: String?
        if channel == .email, names.contains(TemplateName.html(type)) {
            html = library.render(context.values, withTemplate: TemplateName.html(type))
        }
        return RenderedMessage(title: title, body: body, html: html, url: context.url,
                               templateParameters: channel == .sms ? context.smsParameters : [])
    }

    /// First line the title, the rest (after blank lines) the body.
    private static func split(_ text: String, fallbackTitle: String) -> (String, String) {
        let trimmed = text.trimmingWhitespace()
        guard let newline = trimmed.firstIndex(of: "\n") else { return (fallbackTitle, String(trimmed)) }
        let title = trimmed[..<newline].trimmingWhitespace()
        let body = trimmed[newline...].trimmingWhitespace()
        return (title.isEmpty ? fallbackTitle : String(title), String(body))
    }

    /// The bundled template texts, read from disk once per process.
    private static let bundled = Result<[String: String], RenderingError> { () throws(RenderingError) in
        try bundledTemplates()
    }

    /// The `.mustache` files of the bundled `Templates` folder, by name without the extension.
    static func bundledTemplates() throws(RenderingError) -> [String: String] {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw .templatesNotBundled
        }
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        var templates: [String: String] = [:]
        for file in files where file.pathExtension == "mustache" {
            let name = file.deletingPathExtension().lastPathComponent
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw .invalidTemplate(name: name, reason: "not readable as UTF-8")
            }
            templates[name] = text
        }
        guard !templates.isEmpty else { throw .templatesNotBundled }
        return templates
    }
}

private extension StringProtocol {
    /// Without leading and trailing whitespace and newlines; natively, since Foundation's trimming goes
    /// through NSString on Linux and was a tenth of a fan-out's time.
    func trimmingWhitespace() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
