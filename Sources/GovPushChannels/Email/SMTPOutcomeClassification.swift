/// How SMTP results map to channel outcomes (docs/channels.md "E-mail over SMTP"):
/// a recipient's 2xx is delivered, 4xx transient, 5xx permanent — per recipient, from its RCPT reply (or
/// the MAIL/DATA reply that covered the whole transaction); connection trouble and timeouts are transient;
/// configuration failures (credentials refused, STARTTLS required but missing, an unverifiable certificate)
/// are permanent with a reason that says what to fix.
enum SMTPOutcomeClassification {
    static func outcome(_ status: SMTPDeliveryReport.RecipientStatus, messageID: String) -> ChannelOutcome {
        switch status {
        case .accepted:
            return .delivered(providerReference: messageID)
        case .refused(let stage, let reply):
            return outcome(reply, what: "refused at \(stage)")
        }
    }

    static func outcome(_ error: SMTPError) -> ChannelOutcome {
        switch error {
        case .connectionFailed, .connectionClosed, .timedOut, .malformedReply, .protocolViolation:
            return .transient(reason: "SMTP: \(error)", retryAfter: nil)
        case .tlsFailed(_, let certificateRejected):
            return certificateRejected
                ? .permanent(reason: "SMTP configuration: \(error) (check the server name and channels.smtp.caFile / GOVPUSH_SMTP_CA_FILE)")
                : .transient(reason: "SMTP: \(error)", retryAfter: nil)
        case .rejected(let stage, let reply):
            return outcome(reply, what: "refused \(stage)")
        case .authenticationFailed(let reply):
            return .permanent(reason: "SMTP configuration: authentication failed (\(reply)); check GOVPUSH_SMTP_USERNAME and GOVPUSH_SMTP_PASSWORD")
        case .startTLSNotOffered:
            return .permanent(reason: "SMTP configuration: \(error); use a server that offers it, or set GOVPUSH_SMTP_STARTTLS=optional|off knowingly")
        case .noSupportedAuthenticationMechanism:
            return .permanent(reason: "SMTP configuration: \(error)")
        case .invalidConfiguration:
            return .permanent(reason: "SMTP configuration: \(error)")
        case .smtpUTF8NotSupported, .invalidAddress, .messageTooLarge:
            return .permanent(reason: "SMTP: \(error)")
        }
    }

    private static func outcome(_ reply: SMTPReply, what: String) -> ChannelOutcome {
        if reply.isPermanentFailure { return .permanent(reason: "SMTP server \(what): \(reply)") }
        // 4xx, and anything out of place (a 2xx or 3xx where a refusal was read): try again later.
        return .transient(reason: "SMTP server \(what): \(reply)", retryAfter: nil)
    }
}
