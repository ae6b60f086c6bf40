import Foundation
import GovPushChannels
import GovPushDomain
import GovPushTesting
import Testing

/// The e-mail channel against a real SMTP server (aiosmtpd, Tests/Servers/smtp_test_server.py) on
/// 127.0.0.1: what arrives, decoded by Python's `email` package, and how each failure is classified.
@Suite struct EmailChannelTests {
    static let sender = EmailSender(displayName: "芜湖市政务公开办公室", address: try! EmailAddress("notify@wuhu.gov.cn"))
    static let username = "govpush-notify"
    static let password = "S3cret-密码-pa55"

    private func withServer(_ options: SMTPTestServer.Options = .init(), _ body: (SMTPTestServer) async throws -> Void) async throws {
        let server = try await SMTPTestServer.start(options)
        do {
            try await body(server)
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    private func configuration(_ server: SMTPTestServer, startTLS: SMTPConfiguration.StartTLSPolicy = .off,
                               implicitTLS: Bool = false, caFile: URL? = nil, password: String? = nil,
                               commandTimeout: Duration = .seconds(10)) -> SMTPConfiguration {
        SMTPConfiguration(host: "127.0.0.1", port: server.port, implicitTLS: implicitTLS, startTLS: startTLS,
                          credentials: password.map { SMTPCredentials(username: Self.username, password: $0) },
                          sender: Self.sender, additionalTrustRootsFile: caFile?.path, heloName: "govpush.test",
                          commandTimeout: commandTimeout)
    }

    private func notification(to address: String, deliveryID: String = String(UUID().uuidString.prefix(8)),
                              message: RenderedMessage? = nil) throws -> OutgoingNotification {
        OutgoingNotification(deliveryID: deliveryID, eventID: "evt-0001", eventType: .policyPublished,
                             subscriberID: ChannelFixtures.subscriber, address: .email(try EmailAddress(address)),
                             message: try message ?? policyMessage(), isUrgent: false)
    }

    private func policyMessage() throws -> RenderedMessage {
        try NotificationRenderer().render(ChannelFixtures.policy, eventID: "evt-0001", subscriberID: ChannelFixtures.subscriber, for: .email)
    }

    private func normalized(_ text: String?) -> String? { text?.replacingOccurrences(of: "\r\n", with: "\n") }

    @Test func chineseMultipartArrivesIntactOverStartTLSWithAuth() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        var options = SMTPTestServer.Options()
        options.certificate = certificates.server
        options.requireStartTLS = true
        options.credentials = (Self.username, Self.password)
        try await withServer(options) { server in
            let logs = CapturedLog()
            let channel = try EmailChannel(configuration: configuration(server, startTLS: .required, caFile: certificates.authorityFile,
                                                                        password: Self.password), logger: logs.logger("govpush.test"))
            let message = try policyMessage()
            let outcome = try await channel.send(notification(to: "zhang.san@example.cn", deliveryID: "0123456789abcdef0123456789abcdef", message: message))

            #expect(outcome == .delivered(providerReference: "<govpush.0123456789abcdef0123456789abcdef@wuhu.gov.cn>"))
            let received = try #require(try server.receivedMessages().first, "nothing received; server log: \(server.log)")
            #expect(received.tls)
            #expect(received.authenticatedAs == "\(Self.username) via PLAIN")
            #expect(received.mailFrom == "notify@wuhu.gov.cn")
            #expect(received.rcptTos == ["zhang.san@example.cn"])
            #expect(received.subject == message.title)
            #expect(received.subject.hasPrefix("【新政策发布】芜湖市人民政府办公室关于进一步做好城乡低保工作的实施意见"))
            #expect(received.fromName == "芜湖市政务公开办公室")
            #expect(received.fromAddress == "notify@wuhu.gov.cn")
            #expect(received.messageID == "<govpush.0123456789abcdef0123456789abcdef@wuhu.gov.cn>")
            #expect(received.mimeVersion == "1.0")
            #expect(received.contentType == "multipart/alternative")
            #expect(normalized(received.text) == normalized(message.body))
            #expect(received.textTransferEncoding == "base64")
            let html = try #require(received.html)
            #expect(html.contains(try #require(message.html).components(separatedBy: "\n").first!))
            #expect(html.contains("<meta charset=\"utf-8\">"))
            #expect(received.headerDefects.isEmpty)
            #expect(received.longestLine <= 78)
            #expect(received.bareLineFeeds == 0)
            #expect(!received.date.isEmpty)

            // Neither the password (in clear or in its AUTH forms) nor the recipient appears in any log line.
            let log = logs.text
            #expect(!logs.entries.isEmpty)
            let plain = Data([0] + Array(Self.username.utf8) + [0] + Array(Self.password.utf8)).base64EncodedString()
            for secret in [Self.password, plain, Data(Self.password.utf8).base64EncodedString(), "zhang.san@example.cn"] {
                #expect(!log.contains(secret))
            }
            let shownConfiguration = "\(await channel.client.configuration)"
            #expect(!shownConfiguration.contains(Self.password))
            await channel.client.shutdown()
        }
    }

    @Test func loginMechanismWhenPlainIsNotOffered() async throws {
        var options = SMTPTestServer.Options()
        options.credentials = (Self.username, Self.password)
        options.authMechanisms = ["LOGIN"]
        try await withServer(options) { server in
            let channel = try EmailChannel(configuration: configuration(server, password: Self.password))
            #expect(try await channel.send(notification(to: "li.si@example.cn")).isDelivered)
            #expect(try server.receivedMessages().first?.authenticatedAs == "\(Self.username) via LOGIN")
        }
    }

    @Test func refusedCredentialsArePermanentAndSayWhatToFix() async throws {
        var options = SMTPTestServer.Options()
        options.credentials = (Self.username, Self.password)
        try await withServer(options) { server in
            let logs = CapturedLog()
            let channel = try EmailChannel(configuration: configuration(server, password: "wrong-password-123"), logger: logs.logger("govpush.test"))
            let outcome = try await channel.send(notification(to: "li.si@example.cn"))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("535"))
            #expect(reason.contains("GOVPUSH_SMTP_PASSWORD"))
            #expect(!reason.contains("wrong-password-123"))
            #expect(!logs.text.contains("wrong-password-123"))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func dotStuffingKeepsLinesThatStartWithADot() async throws {
        try await withServer { server in
            let body = "Line one\n.hidden line starts with a dot\n.\n..two dots\nend . of text"
            let message = RenderedMessage(title: "Dot test", body: body, html: "<p>.</p>\n.<p>dot line</p>")
            let channel = try EmailChannel(configuration: configuration(server))
            #expect(try await channel.send(notification(to: "wang.wu@example.cn", message: message)).isDelivered)
            let received = try #require(try server.receivedMessages().first)
            #expect(received.textTransferEncoding == "quoted-printable")
            #expect(normalized(received.text) == body)
            #expect(received.html?.contains("\n.<p>dot line</p>") == true)
            #expect(received.subject == "Dot test")
        }
    }

    @Test func startTLSRequiredButNotOfferedIsAPermanentConfigurationFailure() async throws {
        try await withServer { server in
            let channel = try EmailChannel(configuration: configuration(server, startTLS: .required))
            let outcome = try await channel.send(notification(to: "li.si@example.cn"))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("STARTTLS is required"))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func startTLSOffSendsInPlaintextEvenWhenOffered() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        var options = SMTPTestServer.Options()
        options.certificate = certificates.server
        try await withServer(options) { server in
            let channel = try EmailChannel(configuration: configuration(server, startTLS: .off))
            #expect(try await channel.send(notification(to: "li.si@example.cn")).isDelivered)
            #expect(try server.receivedMessages().first?.tls == false)
            let optional = try EmailChannel(configuration: configuration(server, startTLS: .optional, caFile: certificates.authorityFile))
            #expect(try await optional.send(notification(to: "li.si@example.cn")).isDelivered)
            #expect(try server.receivedMessages().last?.tls == true)
        }
    }

    @Test func untrustedCertificateIsRefused() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        var options = SMTPTestServer.Options()
        options.certificate = certificates.server
        try await withServer(options) { server in
            // The system roots only: the test CA is not among them.
            let channel = try EmailChannel(configuration: configuration(server, startTLS: .required))
            let outcome = try await channel.send(notification(to: "li.si@example.cn"))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("certificate"))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func implicitTLS() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        var options = SMTPTestServer.Options()
        options.certificate = certificates.server
        options.implicitTLS = true
        try await withServer(options) { server in
            let channel = try EmailChannel(configuration: configuration(server, implicitTLS: true, caFile: certificates.authorityFile))
            #expect(try await channel.send(notification(to: "li.si@example.cn")).isDelivered)
            #expect(try server.receivedMessages().first?.tls == true)
        }
    }

    @Test(arguments: [false, true])
    func recipientRepliesAreClassifiedOneByOne(pipelining: Bool) async throws {
        var options = SMTPTestServer.Options()
        options.pipelining = pipelining
        options.recipientReplies = ["busy@example.cn": "450 4.2.1 Mailbox busy, try later",
                                    "gone@example.cn": "550 5.1.1 <gone@example.cn>: Recipient address rejected"]
        try await withServer(options) { server in
            let channel = try EmailChannel(configuration: configuration(server))
            let busy = try await channel.send(notification(to: "busy@example.cn"))
            let gone = try await channel.send(notification(to: "gone@example.cn"))
            let fine = try await channel.send(notification(to: "fine@example.cn"))

            guard case .transient(let busyReason, _) = busy else { Issue.record("450 should be transient, got \(busy)"); return }
            #expect(busyReason.contains("450 4.2.1"))
            guard case .permanent(let goneReason) = gone else { Issue.record("550 should be permanent, got \(gone)"); return }
            #expect(goneReason.contains("550 5.1.1"))
            #expect(!goneReason.contains("gone@example.cn"))  // the server echoed the address; the reason does not
            #expect(fine.isDelivered)

            let received = try server.receivedMessages()
            #expect(received.map(\.rcptTos) == [["fine@example.cn"]])
            #expect(received.first?.pipelined == pipelining)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func messagesShareOneConnection() async throws {
        try await withServer { server in
            let channel = try EmailChannel(configuration: configuration(server))
            #expect(try await channel.send(notification(to: "a@example.cn")).isDelivered)
            #expect(try await channel.send(notification(to: "b@example.cn")).isDelivered)
            let received = try server.receivedMessages()
            #expect(received.map(\.rcptTos) == [["a@example.cn"], ["b@example.cn"]])
            #expect(received.map(\.connection) == [1, 1])
            #expect(server.connectionCount == 1)
            #expect(await channel.client.openedConnectionCount == 1)
        }
    }

    @Test func reconnectsWhenTheServerClosesWith421() async throws {
        var options = SMTPTestServer.Options()
        options.closeAfterMessages = 1
        try await withServer(options) { server in
            let channel = try EmailChannel(configuration: configuration(server))
            for recipient in ["a@example.cn", "b@example.cn", "c@example.cn"] {
                #expect(try await channel.send(notification(to: recipient)).isDelivered)
            }
            #expect(try server.receivedMessages().map(\.connection) == [1, 2, 3])
            #expect(await channel.client.openedConnectionCount == 3)
        }
    }

    @Test func fallsBackToHELOWhenEHLOIsRefused() async throws {
        var options = SMTPTestServer.Options()
        options.refuseEHLO = true
        try await withServer(options) { server in
            let channel = try EmailChannel(configuration: configuration(server))
            #expect(try await channel.send(notification(to: "a@example.cn")).isDelivered)
            #expect(try server.receivedMessages().count == 1)
        }
    }

    @Test func silentServerTimesOutAsTransient() async throws {
        var options = SMTPTestServer.Options()
        options.silent = true
        try await withServer(options) { server in
            let channel = try EmailChannel(configuration: configuration(server, commandTimeout: .milliseconds(500)))
            let outcome = try await channel.send(notification(to: "a@example.cn"))
            guard case .transient(let reason, _) = outcome else { Issue.record("expected transient, got \(outcome)"); return }
            #expect(reason.contains("greeting"))
        }
    }

    @Test func refusedConnectionIsTransient() async throws {
        let server = try await SMTPTestServer.start()
        let port = server.port
        try await server.shutdown()  // nothing listens on the port now
        let channel = try EmailChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: port, startTLS: .off, sender: Self.sender))
        let outcome = try await channel.send(notification(to: "a@example.cn"))
        guard case .transient(let reason, _) = outcome else { Issue.record("expected transient, got \(outcome)"); return }
        #expect(reason.contains("cannot connect"))
    }

    @Test func wrongAddressKindIsPermanentAndUnreadableCAFileFailsAtSetUp() async throws {
        #expect(throws: SMTPError.self) {
            _ = try SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: 25, sender: Self.sender,
                                                            additionalTrustRootsFile: "/nonexistent/ca.pem"))
        }
        let channel = try EmailChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: 25, sender: Self.sender))
        let outcome = await channel.send(ChannelFixtures.notification())
        #expect(outcome.isPermanent)
    }
}

extension ChannelOutcome {
    var isDelivered: Bool { if case .delivered = self { true } else { false } }
    var isPermanent: Bool { if case .permanent = self { true } else { false } }
}
