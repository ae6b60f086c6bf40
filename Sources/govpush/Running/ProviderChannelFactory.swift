import GovPushChannels
import Logging

/// Builds the live provider channels (SMS, WeChat, WeCom group bots) from the configuration, naming the
/// missing keys and their environment variables when one cannot be built. Used by the deliverers
/// (`GovPushRuntime.channel`) and by `govpush channel test`, so both send through the same code.
struct ProviderChannelFactory {
    let configuration: GovPushConfiguration
    let logger: Logger

    struct Missing: Error, CustomStringConvertible { let description: String }

    private static func timeout(_ seconds: Double?) -> Duration { .milliseconds(Int((seconds ?? 10) * 1000)) }

    private func require(_ value: String?, _ key: String, _ variable: String?) throws -> String {
        guard let value, !value.isEmpty else {
            throw Missing(description: "\(key) is not set" + (variable.map { " (\($0))" } ?? ""))
        }
        return value
    }

    /// The configured SMS provider (`channels.sms.provider`; Tencent Cloud when unset and only it is configured).
    func sms() throws -> any NotificationChannel {
        let provider = configuration.channels.sms?.provider
            ?? (configuration.channels.aliyun != nil && configuration.channels.tencent == nil ? "aliyun" : "tencent")
        return provider == "aliyun" ? try aliyun() : try tencent()
    }

    func tencent() throws -> TencentSMSChannel {
        let settings = configuration.channels.tencent ?? .init()
        let key = "channels.tencent."
        return TencentSMSChannel(configuration: TencentSMSConfiguration(
            secretID: try require(settings.secretId, key + "secretId", "GOVPUSH_TENCENT_SECRET_ID"),
            secretKey: ProviderSecret(try require(settings.secretKey, key + "secretKey", "GOVPUSH_TENCENT_SECRET_KEY")),
            appID: try require(settings.smsAppId, key + "smsAppId", "GOVPUSH_TENCENT_SMS_APP_ID"),
            signName: try require(settings.smsSignName, key + "smsSignName", "GOVPUSH_TENCENT_SMS_SIGN_NAME"),
            templateID: try require(settings.smsTemplateId, key + "smsTemplateId", "GOVPUSH_TENCENT_SMS_TEMPLATE_ID"),
            templateIDs: settings.smsTemplateIds ?? [:], region: settings.region ?? "ap-guangzhou",
            endpoint: settings.smsEndpoint ?? TencentSMSConfiguration.defaultEndpoint, timeout: Self.timeout(settings.timeoutSeconds)),
            logger: logger)
    }

    func aliyun() throws -> AliyunSMSChannel {
        let settings = configuration.channels.aliyun ?? .init()
        let key = "channels.aliyun."
        var sms = AliyunSMSConfiguration(
            accessKeyID: try require(settings.accessKeyId, key + "accessKeyId", "GOVPUSH_ALIYUN_ACCESS_KEY_ID"),
            accessKeySecret: ProviderSecret(try require(settings.accessKeySecret, key + "accessKeySecret", "GOVPUSH_ALIYUN_ACCESS_KEY_SECRET")),
            signName: try require(settings.smsSignName, key + "smsSignName", "GOVPUSH_ALIYUN_SMS_SIGN_NAME"),
            templateCode: try require(settings.smsTemplateCode, key + "smsTemplateCode", "GOVPUSH_ALIYUN_SMS_TEMPLATE_CODE"),
            templateCodes: settings.smsTemplateCodes ?? [:],
            endpoint: settings.smsEndpoint ?? AliyunSMSConfiguration.defaultEndpoint, timeout: Self.timeout(settings.timeoutSeconds))
        if let names = settings.smsParameterNames { sms.parameterNames = names }
        return AliyunSMSChannel(configuration: sms, logger: logger)
    }

    func wechat(ledger: any WeChatGrantLedger) throws -> WeChatSubscriptionChannel {
        let settings = configuration.channels.wechat ?? .init()
        let key = "channels.wechat."
        var templates: [String: WeChatTemplate] = [:]
        for (kind, template) in settings.templates ?? [:] {
            // Sources were checked when the configuration was loaded.
            templates[kind] = WeChatTemplate(templateID: template.templateId, page: template.page,
                                             fields: (template.fields ?? [:]).compactMapValues(WeChatFieldSource.init))
        }
        guard !templates.isEmpty else { throw Missing(description: "\(key)templates names no template (one per event kind, see docs/configuration.md)") }
        return WeChatSubscriptionChannel(configuration: WeChatConfiguration(
            appID: try require(settings.appId, key + "appId", "GOVPUSH_WECHAT_APP_ID"),
            appSecret: ProviderSecret(try require(settings.appSecret, key + "appSecret", "GOVPUSH_WECHAT_APP_SECRET")),
            variant: WeChatConfiguration.Variant(rawValue: settings.variant ?? "mini-program") ?? .miniProgram,
            templates: templates, apiBase: settings.apiBase ?? WeChatConfiguration.defaultAPIBase,
            miniProgramState: settings.miniProgramState, timeout: Self.timeout(settings.timeoutSeconds)),
            ledger: ledger, logger: logger)
    }

    func wecom() -> WeComGroupBotChannel {
        let settings = configuration.channels.wecom ?? .init()
        return WeComGroupBotChannel(configuration: WeComBotConfiguration(
            endpoint: settings.webhookUrl ?? WeComBotConfiguration.defaultEndpoint,
            messageType: WeComBotConfiguration.MessageType(rawValue: settings.messageType ?? "text") ?? .text,
            messagesPerMinute: settings.messagesPerMinute ?? 20, timeout: Self.timeout(settings.timeoutSeconds)),
            logger: logger)
    }
}
