/// What event validation needs to know about the world: which regions and domains exist.
///
/// The region catalog (GB/T 2260 editions) and the domain catalog (the 26 pilot domains, seed 001 annex,
/// and later additions) conform; tests use a small fake. Kept this narrow so validation stays pure.
public protocol EventReferenceData: Sendable {
    /// Nil when `code` names a region that exists; otherwise why not (e.g. "340299 is not in GB/T 2260").
    func regionProblem(_ code: RegionCode) -> String?
    /// Whether `id` is a domain the system knows.
    func isKnownDomain(_ id: DomainID) -> Bool
}
