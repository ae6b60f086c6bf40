import Foundation

/// The GB/T 2260 administrative division codes down to county level (县以上行政区划代码), from one edition of
/// the Ministry of Civil Affairs list, bundled as `Data/regions.tsv` (DOMAIN.md "Regions").
///
/// Township (9 digits) and village (12 digits) codes are not listed: they are accepted when their first six
/// digits name a known county-level code, since a county notice reaches every township and village under it
/// (seed 000 task 11, seed 002 §9).
public struct RegionCatalog: Sendable {
    /// The list's edition as named in the data file's `# edition:` header, e.g. "2024".
    public let edition: String
    /// Every listed region, by code.
    public let all: [Region]
    private let byCode: [RegionCode: Region]

    /// Why a code was refused.
    public enum LookupError: Error, Equatable, Sendable, CustomStringConvertible {
        case unknownRegion(RegionCode, edition: String)
        case unknownCounty(RegionCode, county: RegionCode, edition: String)

        public var description: String {
            switch self {
            case .unknownRegion(let code, let edition):
                "region \(code) is not a known GB/T 2260 code (\(edition) edition)"
            case .unknownCounty(let code, let county, let edition):
                "\(code.level) \(code): county \(county) is unknown (GB/T 2260, \(edition) edition)"
            }
        }
    }

    /// Why a region list was refused; `line` is 1-based in the data file.
    public enum LoadError: Error, Equatable, Sendable, CustomStringConvertible {
        case missingResource(String)
        case notUTF8
        case missingEdition
        case malformedLine(Int, reason: String)
        case badCode(Int, String, reason: String)
        case belowCountyLevel(Int, RegionCode)
        case duplicateCode(Int, RegionCode)
        case missingParent(Int, RegionCode)
        case provinceWithParent(Int, RegionCode)
        case unknownParent(Int, RegionCode, parent: RegionCode)
        case parentNotAbove(Int, RegionCode, parent: RegionCode)

        public var description: String {
            switch self {
            case .missingResource(let name): "region catalog: bundled resource \(name) is missing"
            case .notUTF8: "region catalog: the data is not UTF-8 text"
            case .missingEdition: "region catalog: no \"# edition: …\" header line"
            case .malformedLine(let line, let reason): "region catalog line \(line): \(reason)"
            case .badCode(let line, let text, let reason): "region catalog line \(line): bad code \"\(text)\": \(reason)"
            case .belowCountyLevel(let line, let code):
                "region catalog line \(line): \(code) is a \(code.level) code; the list holds county level and above"
            case .duplicateCode(let line, let code): "region catalog line \(line): \(code) is listed twice"
            case .missingParent(let line, let code): "region catalog line \(line): \(code) has no parent code"
            case .provinceWithParent(let line, let code):
                "region catalog line \(line): province \(code) must not have a parent"
            case .unknownParent(let line, let code, let parent):
                "region catalog line \(line): parent \(parent) of \(code) is not listed"
            case .parentNotAbove(let line, let code, let parent):
                "region catalog line \(line): parent \(parent) does not enclose \(code)"
            }
        }
    }

    /// Reads `code<TAB>name<TAB>parent` lines; `#` lines are comments, one of them `# edition: NAME`.
    public init(loading data: Data) throws(LoadError) {
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        var edition: String?
        var rows: [(line: Int, region: Region)] = []
        var byCode: [RegionCode: Region] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if content.isEmpty { continue }
            if content.hasPrefix("#") {
                let comment = content.dropFirst().trimmingCharacters(in: .whitespaces)
                if comment.hasPrefix("edition:") {
                    edition = comment.dropFirst("edition:".count).trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            let fields = content.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw .malformedLine(line, reason: "expected 3 tab-separated fields, found \(fields.count)")
            }
            let code = try Self.sixDigitCode(fields[0], line: line)
            guard code.level <= .county else { throw .belowCountyLevel(line, code) }
            let name = fields[1].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw .malformedLine(line, reason: "\(code) has an empty name") }
            let parent = fields[2].isEmpty ? nil : try Self.sixDigitCode(fields[2], line: line)
            switch (code.level, parent) {
            case (.province, .some): throw .provinceWithParent(line, code)
            case (.province, .none): break
            case (_, .none): throw .missingParent(line, code)
            case (_, .some(let parent)):
                guard parent.level < code.level, parent.contains(code) else {
                    throw .parentNotAbove(line, code, parent: parent)
                }
            }
            let region = Region(code: code, name: name, parent: parent)
            guard byCode.updateValue(region, forKey: code) == nil else { throw .duplicateCode(line, code) }
            rows.append((line, region))
        }
        for (line, region) in rows {
            if let parent = region.parent, byCode[parent] == nil {
                throw .unknownParent(line, region.code, parent: parent)
            }
        }
        guard let edition, !edition.isEmpty else { throw .missingEdition }
        self.edition = edition
        self.byCode = byCode
        self.all = rows.map(\.region).sorted { $0.code < $1.code }
    }

    /// The list shipped in the package (`Data/regions.tsv`).
    public static func bundled() throws(LoadError) -> RegionCatalog {
        guard let url = Bundle.module.url(forResource: "regions", withExtension: "tsv", subdirectory: "Data"),
              let data = try? Data(contentsOf: url)
        else { throw .missingResource("Data/regions.tsv") }
        return try RegionCatalog(loading: data)
    }

    /// The listed province, prefecture or county with this code.
    public func region(_ code: RegionCode) -> Region? { byCode[code] }

    /// Accepts a listed code, or a township/village code whose county is listed.
    public func validate(_ code: RegionCode) throws(LookupError) {
        switch code.level {
        case .province, .prefecture, .county:
            guard byCode[code] != nil else { throw .unknownRegion(code, edition: edition) }
        case .township, .village:
            guard byCode[code.countyCode] != nil else {
                throw .unknownCounty(code, county: code.countyCode, edition: edition)
            }
        }
    }

    /// The code and its ancestors up to the province, nearest first. A township or village code starts with a
    /// synthetic entry for itself, followed by its county.
    public func chain(_ code: RegionCode) throws(LookupError) -> [Region] {
        try validate(code)
        var chain: [Region] = []
        var next: RegionCode? = code
        if code.level >= .township {
            let label = code.level == .township ? "乡级区划" : "村级区划"
            chain.append(Region(code: code, name: label, parent: code.countyCode, isSynthetic: true))
            next = code.countyCode
        }
        while let current = next, let region = byCode[current] {
            chain.append(region)
            next = region.parent
        }
        return chain
    }

    private static func sixDigitCode(_ text: String, line: Int) throws(LoadError) -> RegionCode {
        guard text.utf8.count == 6 else { throw .badCode(line, text, reason: "GB/T 2260 codes have 6 digits") }
        do { return try RegionCode(text) } catch { throw .badCode(line, text, reason: error.description) }
    }
}
