/// A notification rendered for one channel from its per-kind, per-channel template.
public struct RenderedMessage: Sendable, Equatable, Codable {
    /// Subject / card title (e-mail subject, WeChat `thing` title, app notification title).
    public var title: String
    /// The full text (SMS providers receive `templateParameters` instead).
    public var body: String
    /// Optional HTML alternative (e-mail).
    public var html: String?
    /// The link to the authoritative page, when the event has one.
    public var url: String?
    /// SMS: the pre-approved template's parameters, in order.
    public var templateParameters: [String]

    public init(title: String, body: String, html: String? = nil, url: String? = nil, templateParameters: [String] = []) {
        self.title = title
        self.body = body
        self.html = html
        self.url = url
        self.templateParameters = templateParameters
    }
}
