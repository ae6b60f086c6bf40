import GovPushDomain

/// A subscriber id as a tenant knows it (`externalId` in paths), and its store id `<tenant key id>/<externalId>`,
/// which keeps tenants' subscribers apart. Ids travel in URLs and logs, so they must not be personal data:
/// a bare mainland mobile number is refused (use the app's own user id).
struct ExternalSubscriberID: Sendable, Equatable {
    let rawValue: String

    init(_ text: String) throws(APIProblem) {
        guard (1...96).contains(text.utf8.count), text.utf8.allSatisfy({
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
        }) else {
            throw .badParameter("externalId", "must be 1-96 characters of letters, digits, '-', '_' or '.'")
        }
        if (try? PhoneNumber(text)) != nil {
            throw .badParameter("externalId", "looks like a phone number; ids appear in URLs and logs, so use an opaque id")
        }
        rawValue = text
    }

    func storeID(tenant: String) -> SubscriberID {
        try! SubscriberID("\(tenant)/\(rawValue)")  // key ids are 20 bytes: 20 + 1 + 96 < 128
    }

    /// The external id of a store id that belongs to `tenant`, or nil.
    static func of(_ id: SubscriberID, tenant: String) -> String? {
        let prefix = tenant + "/"
        return id.rawValue.hasPrefix(prefix) ? String(id.rawValue.dropFirst(prefix.count)) : nil
    }
}
