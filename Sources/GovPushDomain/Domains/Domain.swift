/// A disclosure domain (公开领域), e.g. 社会救助, as listed in the domain catalog.
///
/// `bit` is the domain's position in subscriber bitmasks: it is assigned once and never reused, so a
/// stored mask keeps its meaning when domains are added later (seed 000: "26个试点领域外的其他领域").
public struct Domain: Hashable, Sendable, Codable, CustomStringConvertible {
    public let id: DomainID
    /// The Chinese name, e.g. 义务教育.
    public let name: String
    public let bit: Int

    public init(id: DomainID, name: String, bit: Int) {
        self.id = id
        self.name = name
        self.bit = bit
    }

    public var description: String { "\(id) \(name)" }
}
