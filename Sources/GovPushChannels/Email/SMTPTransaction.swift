import NIOCore

/// One mail transaction on an open session (RFC 5321 §3.3): MAIL FROM, a RCPT TO per recipient, DATA, the
/// dot-stuffed content. With PIPELINING (RFC 2920) MAIL, the RCPTs and DATA go in one write and their
/// replies are read together; without it, one command per round trip, and no DATA when every recipient
/// was refused.
enum SMTPTransaction {
    static func run(_ envelope: SMTPEnvelope, on session: SMTPSession, commandTimeout: Duration,
                    dataTimeout: Duration) async throws(SMTPError) -> SMTPDeliveryReport {
        let capabilities = session.capabilities
        let addresses = [envelope.sender.clearText] + envelope.recipients.map(\.clearText)
        for address in addresses where address.contains(where: { $0 == "<" || $0 == ">" }) || address.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            throw .invalidAddress("an address contains characters that cannot appear in a MAIL or RCPT command")
        }
        var parameters: [String] = []
        // Non-ASCII addresses (邮箱 with Chinese local parts) need SMTPUTF8 (RFC 6531); the content itself is
        // always 7-bit (base64 / quoted-printable, RFC 2047 headers), so 8BITMIME is never needed.
        if addresses.contains(where: { !$0.allSatisfy(\.isASCII) }) {
            guard capabilities.smtpUTF8 else { throw .smtpUTF8NotSupported }
            parameters.append("SMTPUTF8")
        }
        let content = DotStuffing.dataContent(envelope.message)
        if let limit = capabilities.maximumMessageSize {
            guard envelope.message.count <= limit else { throw .messageTooLarge(size: envelope.message.count, limit: limit) }
            parameters.append("SIZE=\(envelope.message.count)")
        }

        let mail = SMTPCommand.mailFrom(address: envelope.sender.clearText, parameters: parameters)
        let recipients = envelope.recipients.map { SMTPCommand.recipient(address: $0.clearText) }
        let connection = session.connection

        let mailReply: SMTPReply
        var recipientReplies: [SMTPReply] = []
        var dataReply: SMTPReply?
        if capabilities.pipelining {
            let replies = try await connection.send([mail] + recipients + [.data], timeout: commandTimeout)
            mailReply = replies[0]
            recipientReplies = Array(replies[1..<(1 + recipients.count)])
            dataReply = replies.last
        } else {
            mailReply = try await connection.send(mail, timeout: commandTimeout)
            if mailReply.code == 250 {
                for recipient in recipients { recipientReplies.append(try await connection.send(recipient, timeout: commandTimeout)) }
                if recipientReplies.contains(where: { $0.isPositiveCompletion }) {
                    dataReply = try await connection.send(.data, timeout: commandTimeout)
                }
            }
        }

        if mailReply.code == 421 { throw .rejected(.mailFrom, mailReply) }  // the server is closing the connection
        guard mailReply.code == 250 else {
            if capabilities.pipelining, dataReply?.code == 354 { _ = try await connection.sendMessageContent(ByteBuffer(bytes: DotStuffing.emptyContentBytes), timeout: dataTimeout) }
            return SMTPDeliveryReport(recipients: recipients.map { _ in .refused(.mailFrom, mailReply) })
        }
        if let closing = recipientReplies.first(where: { $0.code == 421 }) { throw .rejected(.recipient, closing) }
        let acceptedAny = recipientReplies.contains(where: \.isPositiveCompletion)
        guard acceptedAny else {
            // RFC 2920 §3.1: a server that still said 354 gets an empty message, which it will then refuse.
            if dataReply?.code == 354 { _ = try await connection.sendMessageContent(ByteBuffer(bytes: DotStuffing.emptyContentBytes), timeout: dataTimeout) }
            return SMTPDeliveryReport(recipients: recipientReplies.map { .refused(.recipient, $0) })
        }
        guard let dataReply, dataReply.code == 354 else {
            let reply = dataReply ?? SMTPReply(code: 503, lines: ["no DATA reply"])
            if reply.code == 421 { throw .rejected(.data, reply) }
            return SMTPDeliveryReport(recipients: recipientReplies.map { $0.isPositiveCompletion ? .refused(.data, reply) : .refused(.recipient, $0) })
        }
        let final = try await connection.sendMessageContent(ByteBuffer(bytes: content), timeout: dataTimeout)
        if final.code == 421 { throw .rejected(.messageBody, final) }
        return SMTPDeliveryReport(recipients: recipientReplies.map { reply in
            guard reply.isPositiveCompletion else { return .refused(.recipient, reply) }
            return final.code == 250 ? .accepted(final) : .refused(.messageBody, final)
        })
    }
}
