import GovPushDomain

/// A subscriber as the API answers it: addresses masked (write-only in clear), ids as the tenant knows them.
struct SubscriberView: Encodable {
    struct Region: Encodable { let code: String; let role: String }
    struct Channel: Encodable { let kind: String; let address: String }
    struct Quiet: Encodable { let start: String; let end: String }

    let externalId: String
    let regions: [Region]
    let domains: [String]
    let serviceItems: [String]
    let channels: [Channel]
    let channelOrder: [String]
    let quietHours: Quiet?
    let optOuts: [String]

    init(_ subscriber: Subscriber, externalId: String) {
        self.externalId = externalId
        regions = subscriber.regions.map { Region(code: $0.code.description, role: $0.role.rawValue) }
        domains = subscriber.domains.map(\.rawValue)
        serviceItems = subscriber.serviceItems.map(\.rawValue)
        channels = subscriber.channels.map { channel in
            let address: String = switch channel {
            case .sms(let phone): phone.masked
            case .email(let email): email.masked
            case .wechat(let openID): openID.masked
            case .app(let user): user.masked
            case .wecomGroup(let key): key.masked
            }
            return Channel(kind: channel.kind.rawValue, address: address)
        }
        channelOrder = subscriber.channelOrder.map(\.rawValue)
        quietHours = subscriber.quietHours.map { Quiet(start: Self.hhmm($0.startMinute), end: Self.hhmm($0.endMinute)) }
        optOuts = subscriber.optOuts.sorted().map(\.rawValue)
    }

    static func hhmm(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    // Encode quietHours as an explicit null when there are none (absent would read as "the default").
    enum CodingKeys: String, CodingKey { case externalId, regions, domains, serviceItems, channels, channelOrder, quietHours, optOuts }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(externalId, forKey: .externalId)
        try c.encode(regions, forKey: .regions)
        try c.encode(domains, forKey: .domains)
        try c.encode(serviceItems, forKey: .serviceItems)
        try c.encode(channels, forKey: .channels)
        try c.encode(channelOrder, forKey: .channelOrder)
        try c.encode(quietHours, forKey: .quietHours)
        try c.encode(optOuts, forKey: .optOuts)
    }
}
