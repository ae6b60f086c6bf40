import GovPushDomain

/// Who is alerted about a region's windows (值班名单): per region code, the ops staff on duty and the
/// escalation list, as channel addresses (a WeCom group bot, phone numbers, e-mail). A region without its
/// own list inherits the nearest ancestor's (a county without a roster uses its city's), list by list.
public struct OpsRoster: Sendable {
    /// One region's lists.
    public struct Duty: Sendable, Equatable, Codable {
        public var onDuty: [SubscriberChannel]
        public var escalation: [SubscriberChannel]

        public init(onDuty: [SubscriberChannel] = [], escalation: [SubscriberChannel] = []) {
            self.onDuty = onDuty
            self.escalation = escalation
        }
    }

    public struct RosterError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    private let duties: [RegionCode: Duty]
    private let regions: RegionCatalog

    /// Refuses codes the region catalog does not know.
    public init(_ duties: [RegionCode: Duty], regions: RegionCatalog) throws(RosterError) {
        for code in duties.keys.sorted() {
            do { try regions.validate(code) } catch {
                throw RosterError(description: "ops roster: region \(code) is not in the region catalog (\(error))")
            }
        }
        self.duties = duties
        self.regions = regions
    }

    /// The staff to alert for a window in `region`. An escalation with no escalation list anywhere up the
    /// hierarchy goes to the on-duty list instead, so a breach is never silent.
    public func recipients(_ audience: WindowAlertAudience, for region: RegionCode) -> [OpsRecipient] {
        let found = nearest(audience, from: region)
        if found.isEmpty, audience == .escalation { return nearest(.onDuty, from: region) }
        return found
    }

    private func nearest(_ audience: WindowAlertAudience, from region: RegionCode) -> [OpsRecipient] {
        for code in ancestry(region) {
            guard let duty = duties[code] else { continue }
            let list = audience == .onDuty ? duty.onDuty : duty.escalation
            guard !list.isEmpty else { continue }
            return list.enumerated().compactMap { index, address in
                // Ids name the roster slot, never the address: ops staff are people too (DOMAIN.md "Privacy").
                guard let id = try? SubscriberID("ops-\(code)-\(audience.rawValue)-\(index + 1)") else { return nil }
                return OpsRecipient(id: id, address: address)
            }
        }
        return []
    }

    /// The region and its ancestors, nearest first (the catalog's parents, else the code's structure).
    private func ancestry(_ region: RegionCode) -> [RegionCode] {
        if let chain = try? regions.chain(region).map(\.code), !chain.isEmpty { return chain }
        var codes: [RegionCode] = [region]
        while let parent = codes.last?.structuralParent { codes.append(parent) }
        return codes
    }
}

/// One ops staff address, with a stable id for its delivery records.
public struct OpsRecipient: Sendable, Equatable {
    public var id: SubscriberID
    public var address: SubscriberChannel
}
