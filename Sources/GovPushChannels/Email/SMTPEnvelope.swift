import GovPushDomain

/// One mail transaction's input: the envelope sender and recipients (RFC 5321 §3.3) and the message.
public struct SMTPEnvelope: Sendable {
    public var sender: EmailAddress
    public var recipients: [EmailAddress]
    /// The RFC 5322 message, CRLF line ends, not dot-stuffed (the client does that).
    public var message: [UInt8]

    public init(sender: EmailAddress, recipients: [EmailAddress], message: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.message = message
    }
}

/// What happened to each recipient of one transaction, in envelope order. SMTP accepts or refuses
/// recipients one by one (RCPT), so one message can be delivered to some and refused for others.
public struct SMTPDeliveryReport: Sendable, Equatable {
    public enum RecipientStatus: Sendable, Equatable {
        /// The server took responsibility for delivery; the reply to the end of DATA.
        case accepted(SMTPReply)
        /// Refused at `stage` (RCPT for this recipient alone; MAIL or DATA for the whole transaction).
        case refused(SMTPStage, SMTPReply)
    }

    public var recipients: [RecipientStatus]
}
