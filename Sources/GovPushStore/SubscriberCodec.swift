import GovPushDomain

/// The compact binary form of a stored subscriber, which `SubscriberDocument` seals. Deliverers read a
/// subscriber per notification, and dispatchers all of them at start, and JSONDecoder was the largest CPU
/// cost of both (`bench pipeline` profile). Every value still goes through its validating initialiser.
///
/// Layout (big-endian): version(1) · id · regions · domains · service items · channels · channel order ·
/// quiet hours · opt-outs. A text is a UInt16 length + UTF-8; a list is a UInt16 count + its items; a region
/// is code + role; a channel is kind + address; quiet hours are a flag byte, then start and end minutes (UInt16
/// each) when the flag is 1. Kinds and roles are their raw texts, so new cases need no code table.
enum SubscriberCodec {
    /// First byte of a binary document. Older documents are JSON, whose first byte is `{`.
    static let version: UInt8 = 1

    static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.first == version }

    static func encode(_ subscriber: Subscriber) -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        writer.byte(version)
        writer.text(subscriber.id.rawValue)
        writer.list(subscriber.regions) { writer, region in
            writer.text(region.code.description)
            writer.text(region.role.rawValue)
        }
        writer.list(subscriber.domains) { $0.text($1.encodedText) }
        writer.list(subscriber.serviceItems) { $0.text($1.encodedText) }
        writer.list(subscriber.channels) { writer, channel in
            writer.text(channel.kind.rawValue)
            writer.text(channel.addressText)
        }
        writer.list(subscriber.channelOrder) { $0.text($1.rawValue) }
        if let quiet = subscriber.quietHours {
            writer.byte(1)
            writer.integer(UInt16(quiet.startMinute))
            writer.integer(UInt16(quiet.endMinute))
        } else {
            writer.byte(0)
        }
        writer.list(subscriber.optOuts.sorted()) { $0.text($1.rawValue) }
        return writer.bytes
    }

    /// Errors name the field, never its value: addresses are personal data.
    static func decode(_ bytes: [UInt8]) throws(BinaryDecodingError) -> Subscriber {
        var reader = ByteReader(bytes, record: "subscriber")
        guard try reader.byte() == version else { throw reader.failure("unknown version \(bytes[0])") }
        let id = try reader.value("id") { text throws(SubscriberValidationError) in try SubscriberID(text) }
        let regions = try reader.list { reader throws(BinaryDecodingError) in
            let code = try reader.value("region code") { text throws(RegionCode.ParseError) in try RegionCode(text) }
            let role = try reader.value("region role") { RegionRole(rawValue: $0) }
            return SubscribedRegion(code, role: role)
        }
        let domains = try reader.list { reader throws(BinaryDecodingError) in
            try reader.value("domain") { text throws(DomainID.ParseError) in try DomainID(text) }
        }
        let serviceItems = try reader.list { reader throws(BinaryDecodingError) in
            try reader.value("service item") { text throws(SubscriberValidationError) in try ServiceItemID(text) }
        }
        let channels = try reader.list { reader throws(BinaryDecodingError) in
            let kind = try reader.value("channel kind") { ChannelKind(rawValue: $0) }
            return try reader.value("\(kind) address") { text throws(SubscriberValidationError) in try SubscriberChannel(kind: kind, addressText: text) }
        }
        let order = try reader.list { reader throws(BinaryDecodingError) in
            try reader.value("channel kind") { ChannelKind(rawValue: $0) }
        }
        var quietHours: QuietHours?
        if try reader.byte() == 1 {
            let start = Int(try reader.integer(2)), end = Int(try reader.integer(2))
            do { quietHours = try QuietHours(startMinute: start, endMinute: end) } catch { throw reader.failure("quietHours: \(error.reason)") }
        }
        let optOuts = try reader.list { reader throws(BinaryDecodingError) in
            try reader.value("opt-out") { NoticeKind(rawValue: $0) }
        }
        try reader.expectEnd()
        do {
            return try Subscriber(id: id, regions: regions, domains: domains, serviceItems: serviceItems, channels: channels,
                                  channelOrder: order, quietHours: quietHours, optOuts: Set(optOuts))
        } catch {
            throw reader.failure("\(error.field): \(error.reason)")
        }
    }
}

extension SubscriberChannel {
    /// The address alone, as the channel's initialiser takes it back.
    fileprivate var addressText: String {
        switch self {
        case .sms(let phone): phone.encodedText
        case .email(let address): address.encodedText
        case .wechat(let openID): openID.encodedText
        case .app(let userID): userID.encodedText
        case .wecomGroup(let key): key.encodedText
        }
    }

    fileprivate init(kind: ChannelKind, addressText text: String) throws(SubscriberValidationError) {
        switch kind {
        case .sms: self = .sms(try PhoneNumber(text))
        case .email: self = .email(try EmailAddress(text))
        case .wechat: self = .wechat(openID: try WeChatOpenID(text))
        case .app: self = .app(userID: try AppUserID(text))
        case .wecomGroup: self = .wecomGroup(botKey: try WeComBotKey(text))
        }
    }
}

extension ByteWriter {
    fileprivate mutating func list<T>(_ items: [T], _ write: (inout ByteWriter, T) -> Void) {
        integer(UInt16(items.count))
        for item in items { write(&self, item) }
    }
}

extension ByteReader {
    fileprivate mutating func list<T>(_ read: (inout ByteReader) throws(BinaryDecodingError) -> T) throws(BinaryDecodingError) -> [T] {
        let count = Int(try integer(2))
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try read(&self)) }
        return items
    }

    /// A text made into a value; a text the value refuses fails with the field's name only.
    fileprivate mutating func value<T, E: Error>(_ field: @autoclosure () -> String, _ make: (String) throws(E) -> T?) throws(BinaryDecodingError) -> T {
        let text = try self.text()
        guard let value = try? make(text) else { throw failure("invalid \(field())") }
        return value
    }
}
