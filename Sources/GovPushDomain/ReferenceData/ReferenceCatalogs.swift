import Foundation

/// The reference data GovPush validates and matches against: regions (GB/T 2260), disclosure domains and
/// the working-day calendar. Load once (`bundled()`) and share: each catalog parses its data file.
public struct ReferenceCatalogs: EventReferenceData {
    public let regions: RegionCatalog
    public let domains: DomainCatalog
    public let calendar: WorkingDayCalendar

    public init(regions: RegionCatalog, domains: DomainCatalog, calendar: WorkingDayCalendar) {
        self.regions = regions
        self.domains = domains
        self.calendar = calendar
    }

    /// The data files shipped with GovPush.
    public static func bundled() throws -> ReferenceCatalogs {
        ReferenceCatalogs(regions: try RegionCatalog.bundled(), domains: try DomainCatalog.bundled(), calendar: try WorkingDayCalendar.bundled())
    }

    public func regionProblem(_ code: RegionCode) -> String? {
        do throws(RegionCatalog.LookupError) {
            try regions.validate(code)
            return nil
        } catch {
            return error.description
        }
    }

    public func isKnownDomain(_ id: DomainID) -> Bool { domains.domain(id) != nil }
}
