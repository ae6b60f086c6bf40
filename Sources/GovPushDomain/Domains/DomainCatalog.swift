import Foundation

/// The set of known disclosure domains: the 26 pilot domains of seed 001's annex (26个试点领域), bundled as
/// `Data/domains.json`, extensible by configuration with further domains (seed 000).
public struct DomainCatalog: Sendable {
    /// Every domain, ordered by bit.
    public let all: [Domain]
    private let byID: [DomainID: Domain]

    /// Why a domain list was refused.
    public enum LoadError: Error, Equatable, Sendable, CustomStringConvertible {
        case missingResource(String)
        case malformed(String)
        case badID(String, reason: String)
        case emptyName(DomainID)
        case duplicateID(DomainID)
        case duplicateBit(Int, DomainID, DomainID)
        case bitOutOfRange(Int, DomainID)

        public var description: String {
            switch self {
            case .missingResource(let name): "domain catalog: bundled resource \(name) is missing"
            case .malformed(let reason): "domain catalog: malformed JSON: \(reason)"
            case .badID(let id, let reason): "domain catalog: bad id \"\(id)\": \(reason)"
            case .emptyName(let id): "domain catalog: domain \(id) has an empty name"
            case .duplicateID(let id): "domain catalog: id \(id) is listed more than once"
            case .duplicateBit(let bit, let first, let second):
                "domain catalog: bit \(bit) is used by both \(first) and \(second); bits are never reused"
            case .bitOutOfRange(let bit, let id):
                "domain catalog: bit \(bit) of \(id) is outside 0...\(DomainCatalog.maximumBit)"
            }
        }
    }

    /// Subscriber masks are 64-bit words; widen them before going past this.
    /// The subscriber index packs domains into `DomainSet`, so a catalog cannot use more bits than it holds.
    public static let maximumBit = DomainSet.capacity - 1

    public init(_ domains: [Domain]) throws(LoadError) {
        var byID: [DomainID: Domain] = [:]
        var byBit: [Int: DomainID] = [:]
        for domain in domains {
            guard byID[domain.id] == nil else { throw .duplicateID(domain.id) }
            guard (0...Self.maximumBit).contains(domain.bit) else { throw .bitOutOfRange(domain.bit, domain.id) }
            if let other = byBit[domain.bit] { throw .duplicateBit(domain.bit, other, domain.id) }
            guard !domain.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyName(domain.id) }
            byID[domain.id] = domain
            byBit[domain.bit] = domain.id
        }
        self.byID = byID
        self.all = domains.sorted { $0.bit < $1.bit }
    }

    /// Reads `{"domains": [{"id": …, "name": …, "bit": …}, …]}`.
    public init(loading data: Data) throws(LoadError) {
        struct Entry: Decodable { let id: String; let name: String; let bit: Int }
        struct File: Decodable { let domains: [Entry] }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw .malformed((error as? DecodingError)?.referenceDataSummary ?? "\(error)")
        }
        var domains: [Domain] = []
        for entry in file.domains {
            let id: DomainID
            do { id = try DomainID(entry.id) } catch { throw .badID(entry.id, reason: error.description) }
            domains.append(Domain(id: id, name: entry.name, bit: entry.bit))
        }
        try self.init(domains)
    }

    /// The catalog shipped in the package (`Data/domains.json`).
    public static func bundled() throws(LoadError) -> DomainCatalog {
        guard let url = Bundle.module.url(forResource: "domains", withExtension: "json", subdirectory: "Data"),
              let data = try? Data(contentsOf: url)
        else { throw .missingResource("Data/domains.json") }
        return try DomainCatalog(loading: data)
    }

    /// This catalog plus domains added by configuration; their ids and bits must be new.
    public func extended(with additional: [Domain]) throws(LoadError) -> DomainCatalog {
        try DomainCatalog(all + additional)
    }

    public func domain(_ id: DomainID) -> Domain? { byID[id] }

    /// The next bit a new domain should take.
    public var nextFreeBit: Int { (all.map(\.bit).max() ?? -1) + 1 }
}
