import Foundation
import GovPushDomain
import Logging

/// E-mail over SMTP (`ChannelKind.email`): each notification becomes a multipart/alternative message
/// (text and HTML, Chinese headers per RFC 2047) submitted through `SMTPClient`, which re-uses its
/// connections. The delivery id is in the Message-ID and `X-GovPush-Delivery`, so a message resent in the
/// at-least-once window is recognisably the same message.
public struct EmailChannel: NotificationChannel {
    public var kind: ChannelKind { .email }

    public let client: SMTPClient
    private let composer: EmailMessageComposer
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// - Parameters:
    ///   - client: one per process and server (its connections are the point).
    ///   - now: the clock stamped into the Date header.
    public init(client: SMTPClient, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "govpush.channel.email")) {
        self.client = client
        self.composer = EmailMessageComposer(sender: client.configuration.sender)
        self.now = now
        self.logger = logger
    }

    /// A channel with its own client.
    public init(configuration: SMTPConfiguration, logger: Logger = Logger(label: "govpush.channel.email")) throws(SMTPError) {
        self.init(client: try SMTPClient(configuration: configuration, logger: logger), logger: logger)
    }

    public func send(_ notification: OutgoingNotification) async -> ChannelOutcome {
        guard case .email(let recipient) = notification.address else {
            return .permanent(reason: "delivery \(notification.deliveryID): address is \(notification.address.kind), not an e-mail address")
        }
        let sender = composer.sender.address
        let messageID = EmailMessageComposer.messageID(deliveryID: notification.deliveryID, domain: sender.domainPart)
        let message = composer.compose(notification, to: recipient, date: now())
        let outcome: ChannelOutcome
        do throws(SMTPError) {
            let report = try await client.send(SMTPEnvelope(sender: sender, recipients: [recipient], message: message))
            outcome = SMTPOutcomeClassification.outcome(report.recipients[0], messageID: messageID)
        } catch {
            outcome = SMTPOutcomeClassification.outcome(error)
        }
        logger.debug("e-mail attempt", metadata: [
            "delivery": "\(notification.deliveryID)", "event": "\(notification.eventID)", "to": "\(recipient.masked)",
            "outcome": "\(outcome)",
        ])
        return outcome
    }
}

extension EmailAddress {
    /// The part after the last `@`.
    var domainPart: String { String(clearText[clearText.index(after: clearText.lastIndex(of: "@")!)...]) }
}
