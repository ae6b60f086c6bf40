/// 有效性 of a policy document: a status, an effective/expiry date range, or both (seed 004 §五.1 requires
/// validity on every published document).
public struct PolicyValidity: Sendable, Hashable {
    public var status: PolicyValidityStatus?
    public var effectiveFrom: CalendarDay?
    public var expiresOn: CalendarDay?

    public init(status: PolicyValidityStatus? = nil, effectiveFrom: CalendarDay? = nil, expiresOn: CalendarDay? = nil) {
        self.status = status
        self.effectiveFrom = effectiveFrom
        self.expiresOn = expiresOn
    }

    var json: JSONValue {
        .object(dropping: [
            "status": status.map(JSONValue.vocabulary),
            "effectiveFrom": effectiveFrom.map { .string($0.description) },
            "expiresOn": expiresOn.map { .string($0.description) },
        ])
    }

    static func read(_ fields: inout EventFields) -> PolicyValidity? {
        let status = fields.optional("status", .vocabulary as FieldFormat<PolicyValidityStatus>)
        let effectiveFrom = fields.optional("effectiveFrom", .date)
        let expiresOn = fields.optional("expiresOn", .date)
        if fields.isObject, fields.issues.isEmpty, status == nil, effectiveFrom == nil, expiresOn == nil {
            fields.reportOnObject(
                "must state a status (in-force/有效, not-yet-in-force, expired, repealed) or an effectiveFrom/expiresOn date")
        }
        if let effectiveFrom, let expiresOn, expiresOn < effectiveFrom {
            fields.report("expiresOn", "expires (\(expiresOn)) before it takes effect (\(effectiveFrom))")
        }
        return PolicyValidity(status: status, effectiveFrom: effectiveFrom, expiresOn: expiresOn)
    }
}
