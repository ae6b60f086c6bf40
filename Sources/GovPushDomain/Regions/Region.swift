/// An administrative division (行政区划) known to the region catalog, with its real parent.
///
/// The parent may skip a level: a county-level city directly under the province (省直辖县级行政区划, e.g.
/// 429004 仙桃市 under 420000 湖北省) or a municipality's district (110101 东城区 under 110000 北京市).
public struct Region: Hashable, Sendable, CustomStringConvertible {
    public let code: RegionCode
    /// The Chinese name, e.g. 南陵县; for a synthetic entry, the level's label (乡级区划 or 村级区划).
    public let name: String
    /// `nil` for a province.
    public let parent: RegionCode?
    public let level: RegionCode.Level
    /// True for a township or village entry that stands for a code validated by structure only: the
    /// catalog holds GB/T 2260 codes down to county level, not township or village names.
    public let isSynthetic: Bool

    public init(code: RegionCode, name: String, parent: RegionCode?, isSynthetic: Bool = false) {
        self.code = code
        self.name = name
        self.parent = parent
        self.level = code.level
        self.isSynthetic = isSynthetic
    }

    public var description: String { "\(code) \(name)" }
}
