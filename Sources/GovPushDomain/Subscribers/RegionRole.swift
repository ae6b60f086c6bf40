/// Why a subscriber is attached to a region: where they live (户籍地/居住地) or where they work (工作地).
/// A notice reaches both; the role is kept for the app's display and for per-role preferences later.
public enum RegionRole: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case home
    case work

    public var description: String { rawValue }
}
