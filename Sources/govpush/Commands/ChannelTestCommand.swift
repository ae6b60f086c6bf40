import ArgumentParser
import Foundation
import GovPushChannels
import GovPushDomain
import Logging

/// `govpush channel test <sms|email|wechat|wecom|webhook> --to ADDRESS`: sends one message through the real
/// adapter with the configured credentials and prints the outcome, so operators can check a provider set-up.
/// Addresses print masked and secrets never print.
struct ChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "Check the delivery channels' provider set-up.",
        subcommands: [ChannelTestCommand.self]
    )
}

struct ChannelTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send one test message through a channel's provider and print the outcome (exit 1 when it fails).",
        discussion: """
        ADDRESS is a mainland mobile number (sms), an e-mail address (email), a WeChat openid (wechat; the user \
        must hold a one-time grant for the template), a WeCom group bot key (wecom) or an app user id (webhook).
        SMS sends the approved template's parameters: each --parameter in order, else --text as the only one.
        """
    )

    enum Channel: String, ExpressibleByArgument, CaseIterable {
        case sms, email, wechat, wecom, webhook
    }

    @Argument(help: "sms | email | wechat | wecom | webhook") var channel: Channel
    @Option(help: "The address to send to (see below).") var to: String
    @Option(help: "SMS provider: tencent | aliyun (default: channels.sms.provider).") var provider: String?
    @Option(help: "Send to this API endpoint instead of the configured one (a proxy, a test server).") var endpoint: String?
    @Option(help: "Title / subject.") var subject: String = "GovPush 通道测试"
    @Option(help: "Body text.") var text: String = "这是一条 GovPush 通道测试消息，无需回复。"
    @Option(name: .customLong("parameter"), help: "SMS template parameter, in order (repeatable).") var parameters: [String] = []
    @Option(help: "Event kind whose WeChat template and SMS template id are used.") var kind: String = "policy-published"
    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        var configuration = try options.load()
        let logger = Logger(label: "govpush.channel-test")
        let deliveryID = "channel-test-\(UUID().uuidString.prefix(8).lowercased())"
        guard let eventType = EventType.allCases.first(where: { $0.templateKind == kind }) else {
            throw ValidationError("--kind \(kind) is not an event kind (\(EventType.allCases.map(\.templateKind).joined(separator: ", ")))")
        }
        let sender: any NotificationChannel
        let address: SubscriberChannel
        let factory: () -> ProviderChannelFactory = { ProviderChannelFactory(configuration: configuration, logger: logger) }
        do {
            switch channel {
            case .email:
                if let endpoint {
                    // HOST:PORT of another SMTP server (a relay, a test server).
                    let parts = endpoint.split(separator: ":")
                    guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--endpoint for email is HOST:PORT, got \(endpoint)") }
                    configuration.channels.smtp = configuration.channels.smtp ?? .init()
                    configuration.channels.smtp?.host = String(parts[0])
                    configuration.channels.smtp?.port = port
                }
                address = .email(try EmailAddress(to))
                do { sender = try EmailChannel(configuration: try configuration.smtpConfiguration(), logger: logger) } catch let error as SMTPError {
                    throw ValidationError("channel email: \(error)")
                }
            case .sms:
                if let provider {
                    guard ["tencent", "aliyun"].contains(provider) else { throw ValidationError("--provider must be tencent or aliyun, got \(provider)") }
                    configuration.channels.sms = .init(provider: provider)
                }
                if let endpoint {
                    configuration.channels.tencent = configuration.channels.tencent ?? .init()
                    configuration.channels.tencent?.smsEndpoint = endpoint
                    configuration.channels.aliyun = configuration.channels.aliyun ?? .init()
                    configuration.channels.aliyun?.smsEndpoint = endpoint
                }
                address = .sms(try PhoneNumber(to))
                sender = try factory().sms()
            case .wechat:
                if let endpoint { configuration.channels.wechat = configuration.channels.wechat ?? .init(); configuration.channels.wechat?.apiBase = endpoint }
                let openID = try WeChatOpenID(to)
                address = .wechat(openID: openID)
                // The operator vouches that the user granted one message; WeChat answers 43101 otherwise.
                sender = try factory().wechat(ledger: SingleUseGrantLedger(openID: openID.clearText))
            case .wecom:
                if let endpoint { configuration.channels.wecom = configuration.channels.wecom ?? .init(); configuration.channels.wecom?.webhookUrl = endpoint }
                address = .wecomGroup(botKey: try WeComBotKey(to))
                sender = factory().wecom()
            case .webhook:
                if let endpoint { configuration.channels.app = configuration.channels.app ?? .init(); configuration.channels.app?.url = endpoint }
                guard let app = configuration.channels.app, let url = app.url, let secret = app.secret else {
                    throw ValidationError("channel webhook needs channels.app.url and channels.app.secret (GOVPUSH_APP_WEBHOOK_URL, GOVPUSH_APP_WEBHOOK_SECRET)")
                }
                address = .app(userID: try AppUserID(to))
                sender = AppWebhookChannel(configuration: AppWebhookConfiguration(
                    endpoint: url, secret: WebhookSecret(secret), timeout: .milliseconds(Int((app.timeoutSeconds ?? 10) * 1000))))
            }
        } catch let missing as ProviderChannelFactory.Missing {
            throw ValidationError("channel \(channel.rawValue): \(missing.description)")
        } catch let invalid as SubscriberValidationError {
            throw ValidationError("--to: \(invalid)")
        }

        let notification = OutgoingNotification(
            deliveryID: deliveryID, eventID: deliveryID, eventType: eventType, subscriberID: try SubscriberID("channel-test"),
            address: address,
            message: RenderedMessage(title: subject, body: text, templateParameters: parameters.isEmpty ? [text] : parameters),
            isUrgent: false)
        say("sending \(deliveryID) through \(channel.rawValue) to \(address)")
        let outcome = await sender.send(notification)
        if let email = sender as? EmailChannel { await email.client.shutdown() }
        switch outcome {
        case .delivered(let reference):
            say("delivered" + (reference.map { " (provider reference \($0))" } ?? ""))
        case .transient(let reason, let retryAfter):
            note("failed, transient (worth retrying" + (retryAfter.map { " after \($0)" } ?? "") + "): \(reason)")
            throw ExitCode.failure
        case .permanent(let reason):
            note("failed, permanent: \(reason)")
            throw ExitCode.failure
        }
    }
}
