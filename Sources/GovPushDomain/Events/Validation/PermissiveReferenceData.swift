/// Reference data that knows every well-formed region and domain: used when decoding a payload through
/// plain `Decodable`, where no catalog is at hand. Full validation takes the real catalogs.
struct PermissiveReferenceData: EventReferenceData {
    func regionProblem(_ code: RegionCode) -> String? { nil }
    func isKnownDomain(_ id: DomainID) -> Bool { true }
}
