/// A citizen, enterprise or village group (群众、企业、村（居）民微信群) that receives one-time notifications
/// (一次告知, seed 000 task 10): where they are (regions), what they care about (domains, followed service
/// items), how to reach them (channels in order of preference) and when not to (quiet hours, opt-outs).
///
/// Built only through the validating initialiser (also when decoded), so every `Subscriber` in the system
/// is well formed. Its addresses are personal data: `description`, `debugDescription` and `dump` show them
/// masked.
public struct Subscriber: Hashable, Sendable, Codable {
    public let id: SubscriberID
    /// At least one; a code may appear twice only with different roles (lives and works in one village).
    public let regions: [SubscribedRegion]
    /// The disclosure domains followed; mapped to index bits through the domain catalog.
    public let domains: [DomainID]
    /// Service items followed for service-guide changes (办事指南变更).
    public let serviceItems: [ServiceItemID]
    /// At least one; at most one per channel kind.
    public let channels: [SubscriberChannel]
    /// Preferred channel first, then fallbacks; every kind listed has a channel. Defaults to `channels`' order.
    public let channelOrder: [ChannelKind]
    /// `nil` means no quiet period; the default is 21:00–08:00 Asia/Shanghai.
    public let quietHours: QuietHours?
    /// Notice kinds this subscriber does not want.
    public let optOuts: Set<NoticeKind>

    public init(
        id: SubscriberID,
        regions: [SubscribedRegion],
        domains: [DomainID] = [],
        serviceItems: [ServiceItemID] = [],
        channels: [SubscriberChannel],
        channelOrder: [ChannelKind]? = nil,
        quietHours: QuietHours? = .default,
        optOuts: Set<NoticeKind> = []
    ) throws(SubscriberValidationError) {
        guard !regions.isEmpty else {
            throw SubscriberValidationError(field: "regions", reason: "a subscriber needs at least one region")
        }
        if let i = Self.firstDuplicate(in: regions) {
            throw SubscriberValidationError(field: "regions[\(i)]", reason: "\(regions[i]) is listed twice")
        }
        if let i = Self.firstDuplicate(in: domains) {
            throw SubscriberValidationError(field: "domains[\(i)]", reason: "domain \(domains[i]) is listed twice")
        }
        if let i = Self.firstDuplicate(in: serviceItems) {
            throw SubscriberValidationError(field: "serviceItems[\(i)]", reason: "service item \(serviceItems[i]) is listed twice")
        }
        guard !channels.isEmpty else {
            throw SubscriberValidationError(field: "channels", reason: "a subscriber needs at least one channel")
        }
        let kinds = channels.map(\.kind)
        if let i = Self.firstDuplicate(in: kinds) {
            throw SubscriberValidationError(field: "channels[\(i)]", reason: "a second \(kinds[i]) channel; at most one per kind")
        }
        let order = channelOrder ?? kinds
        guard !order.isEmpty else {
            throw SubscriberValidationError(field: "channelOrder", reason: "must list at least one channel")
        }
        if let i = Self.firstDuplicate(in: order) {
            throw SubscriberValidationError(field: "channelOrder[\(i)]", reason: "\(order[i]) is listed twice")
        }
        if let i = order.firstIndex(where: { !kinds.contains($0) }) {
            throw SubscriberValidationError(field: "channelOrder[\(i)]", reason: "no \(order[i]) channel to send through")
        }
        self.id = id
        self.regions = regions
        self.domains = domains
        self.serviceItems = serviceItems
        self.channels = channels
        self.channelOrder = order
        self.quietHours = quietHours
        self.optOuts = optOuts
    }

    /// Whether this subscriber wants notices of `kind`.
    public func accepts(_ kind: NoticeKind) -> Bool { !optOuts.contains(kind) }

    /// The address for `kind`, if the subscriber has that channel.
    public func channel(_ kind: ChannelKind) -> SubscriberChannel? { channels.first { $0.kind == kind } }

    private static func firstDuplicate<T: Hashable>(in items: [T]) -> Int? {
        var seen = Set<T>()
        return items.firstIndex { !seen.insert($0).inserted }
    }

    enum CodingKeys: String, CodingKey {
        case id, regions, domains, serviceItems, channels, channelOrder, quietHours, optOuts
    }

    /// Decodes through the validating initialiser; a missing `quietHours` means the default 21:00–08:00,
    /// an explicit `null` means none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let quiet: QuietHours?
        if !c.contains(.quietHours) {
            quiet = .default
        } else if try c.decodeNil(forKey: .quietHours) {
            quiet = nil
        } else {
            quiet = try c.decode(QuietHours.self, forKey: .quietHours)
        }
        do {
            try self.init(
                id: c.decode(SubscriberID.self, forKey: .id),
                regions: c.decode([SubscribedRegion].self, forKey: .regions),
                domains: c.decodeIfPresent([DomainID].self, forKey: .domains) ?? [],
                serviceItems: c.decodeIfPresent([ServiceItemID].self, forKey: .serviceItems) ?? [],
                channels: c.decode([SubscriberChannel].self, forKey: .channels),
                channelOrder: c.decodeIfPresent([ChannelKind].self, forKey: .channelOrder),
                quietHours: quiet,
                optOuts: c.decodeIfPresent(Set<NoticeKind>.self, forKey: .optOuts) ?? []
            )
        } catch let error as SubscriberValidationError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(regions, forKey: .regions)
        try c.encode(domains, forKey: .domains)
        try c.encode(serviceItems, forKey: .serviceItems)
        try c.encode(channels, forKey: .channels)
        try c.encode(channelOrder, forKey: .channelOrder)
        try c.encode(quietHours, forKey: .quietHours)  // encodes null when there are none
        try c.encode(optOuts.sorted(), forKey: .optOuts)
    }
}

extension Subscriber: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A one-line summary with every address masked, safe for logs.
    public var description: String {
        let quiet = quietHours.map(\.description) ?? "none"
        return "Subscriber(\(id), regions: [\(regions.map(\.description).joined(separator: ", "))], "
            + "domains: [\(domains.map(\.rawValue).joined(separator: ", "))], "
            + "serviceItems: \(serviceItems.count), channels: [\(channels.map(\.description).joined(separator: ", "))], "
            + "order: \(channelOrder.map(\.rawValue).joined(separator: ">")), quiet: \(quiet), "
            + "optOuts: [\(optOuts.sorted().map(\.rawValue).joined(separator: ", "))])"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "id": id, "regions": regions, "domains": domains, "serviceItems": serviceItems,
            "channels": channels.map(\.description), "channelOrder": channelOrder,
            "quietHours": quietHours as Any, "optOuts": optOuts,
        ], displayStyle: .struct)
    }
}
