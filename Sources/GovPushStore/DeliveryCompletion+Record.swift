import Foundation

/// How a completion lands in the delivery row (the same columns in both backends).
extension DeliveryCompletion {
    /// The status the delivery row takes.
    public var status: DeliveryStatus {
        switch self {
        case .delivered: .delivered
        case .retrying: .retrying
        case .deferred: .deferred
        case .failed: .failed
        case .deadLettered: .deadLettered
        }
    }

    var providerReference: String? {
        if case .delivered(let reference) = self { return reference }
        return nil
    }

    var lastError: String? {
        switch self {
        case .delivered: nil
        case .retrying(let reason, _), .deferred(let reason, _), .failed(let reason), .deadLettered(let reason): reason
        }
    }

    var nextAttemptAt: Date? {
        switch self {
        case .retrying(_, let at): at
        case .deferred(_, let until): until
        case .delivered, .failed, .deadLettered: nil
        }
    }
}

/// What a claim does with an existing row, decided the same way wherever the backend decides it in Swift.
enum ClaimDecision {
    case claim
    case report(DeliveryClaimResult)

    static func decide(status: DeliveryStatus, claimedBy: String?, leaseUntil: Date?, worker: String, now: Date) -> ClaimDecision {
        if status.isFinal { return .report(.alreadyFinal(status)) }
        if status == .claimed, let holder = claimedBy, holder != worker, let until = leaseUntil, until > now {
            return .report(.heldElsewhere(by: holder, until: until))
        }
        return .claim  // retrying, deferred, an expired lease, or this worker's own (a redelivered job)
    }
}

extension DeliveryRecord {
    /// The completion a final record was finished with; nil while the delivery is still open.
    public var finalCompletion: DeliveryCompletion? {
        switch status {
        case .delivered: .delivered(providerReference: providerReference)
        case .failed: .failed(reason: lastError ?? "")
        case .deadLettered: .deadLettered(reason: lastError ?? "")
        case .claimed, .retrying, .deferred: nil
        }
    }
}
