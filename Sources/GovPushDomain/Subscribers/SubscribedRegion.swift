/// One region a subscriber is attached to, with its role. A subscriber hears a notice when the notice's
/// region subtree contains any of its regions (DESIGN.md "Data flow", matching).
public struct SubscribedRegion: Hashable, Sendable, Codable, CustomStringConvertible {
    public var code: RegionCode
    public var role: RegionRole

    public init(_ code: RegionCode, role: RegionRole) {
        self.code = code
        self.role = role
    }

    enum CodingKeys: String, CodingKey { case code, role }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .code)
        do { code = try RegionCode(text) } catch {
            throw DecodingError.dataCorruptedError(forKey: .code, in: container, debugDescription: error.description)
        }
        role = try container.decode(RegionRole.self, forKey: .role)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code.description, forKey: .code)
        try container.encode(role, forKey: .role)
    }

    public var description: String { "\(role) \(code)" }
}
