import GovPushDomain
import GovPushStore

/// `/v1/windows` and `/dashboard` query parameters, checked: a bad value names its parameter.
struct WindowQuery {
    var filter: WindowFilter

    /// `state=open|closed|breached`, `region=CODE` (a known region: its subtree), `domain=ID` (a known domain),
    /// `limit=1…1000`.
    static func parse(_ parameters: [String: String], reference: ReferenceCatalogs, states: Bool = true) -> Result<WindowQuery, ProblemDetails> {
        var filter = WindowFilter()
        if states, let state = nonEmpty(parameters["state"]) {
            guard let parsed = ResponseWindowState(rawValue: state) else {
                return .failure(.badParameter("state", "state must be one of open, closed, breached (got \"\(state)\")"))
            }
            filter.state = parsed
        }
        if let region = nonEmpty(parameters["region"]) {
            let code: RegionCode
            do { code = try RegionCode(region) } catch {
                return .failure(.badParameter("region", "region: \(error)"))
            }
            if let problem = reference.regionProblem(code) { return .failure(.badParameter("region", "region: \(problem)")) }
            filter.region = code
        }
        if let domain = nonEmpty(parameters["domain"]) {
            let id: DomainID
            do { id = try DomainID(domain) } catch { return .failure(.badParameter("domain", "domain: \(error)")) }
            guard reference.isKnownDomain(id) else {
                return .failure(.badParameter("domain", "domain \"\(domain)\" is not in the domain catalog"))
            }
            filter.domain = id
        }
        if let limit = nonEmpty(parameters["limit"]) {
            guard let n = Int(limit), (1...1000).contains(n) else {
                return .failure(.badParameter("limit", "limit must be an integer from 1 to 1000 (got \"\(limit)\")"))
            }
            filter.limit = n
        }
        return .success(WindowQuery(filter: filter))
    }

    private static func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
}
