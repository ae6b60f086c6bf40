/// The deadlines GovPush tracks (DOMAIN.md "Response windows"), each with the rule's source.
public enum ResponseWindowKind: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// 特别重大、重大突发事件的舆情: authoritative information within 5 hours (seed 004 §四 回应关切 2).
    case majorIncident = "major-incident"
    /// 其他舆情: a response within 48 hours (seed 004 §四 回应关切 2).
    case otherIncident = "other-incident"
    /// 政策解读配套公开: the interpretation by the end of the 3rd working day after publication (seed 004 §四 政策解读 1).
    case policyInterpretation = "policy-interpretation"
    /// 规范性文件公开: publication within 20 working days of signing (seed 004 §五.1).
    case normativeDocumentPublication = "normative-document-publication"

    /// What the window is about: both incident kinds share one family, so a response closes the incident's
    /// window whatever its severity, and a repeated report with another severity opens nothing new.
    public var family: ResponseWindowFamily {
        switch self {
        case .majorIncident, .otherIncident: .incident
        case .policyInterpretation: .policyInterpretation
        case .normativeDocumentPublication: .normativeDocumentPublication
        }
    }

    public var chineseName: String {
        switch self {
        case .majorIncident: "重大舆情回应"
        case .otherIncident: "舆情回应"
        case .policyInterpretation: "政策解读"
        case .normativeDocumentPublication: "规范性文件公开"
        }
    }

    public var description: String { rawValue }
}

/// One window per (family, aggregate id): the window's identity, independent of the kind it opened as.
public enum ResponseWindowFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case incident
    case policyInterpretation = "policy-interpretation"
    case normativeDocumentPublication = "normative-document-publication"

    /// The stable window id, e.g. `incident:yq-2025-0001`.
    public func windowID(aggregateID: String) -> String { "\(rawValue):\(aggregateID)" }
}
