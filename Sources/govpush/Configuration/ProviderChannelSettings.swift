import Foundation
import GovPushChannels

/// The provider channels' configuration keys (`channels.sms`, `channels.tencent`, `channels.aliyun`,
/// `channels.wechat`, `channels.wecom`; docs/configuration.md), their environment variables and their checks.
/// Credentials are read here and handed to the channels; they never appear in a message.
extension GovPushConfiguration {
    struct SMSSelection: Codable, Equatable {
        /// `tencent` or `aliyun`.
        var provider: String?
    }

    struct TencentCloud: Codable, Equatable {
        var secretId: String?
        var secretKey: String?
        var smsAppId: String?
        var smsSignName: String?
        var smsTemplateId: String?
        /// Per event kind (`policy-published`, …), the approved template id.
        var smsTemplateIds: [String: String]?
        var region: String?
        var smsEndpoint: String?
        var timeoutSeconds: Double?
    }

    struct AlibabaCloud: Codable, Equatable {
        var accessKeyId: String?
        var accessKeySecret: String?
        var smsSignName: String?
        var smsTemplateCode: String?
        var smsTemplateCodes: [String: String]?
        /// The approved templates' variable names, in parameter order (default `p1`…`p9`).
        var smsParameterNames: [String]?
        var smsEndpoint: String?
        var timeoutSeconds: Double?
    }

    struct WeChatTemplateSettings: Codable, Equatable {
        var templateId: String
        var page: String?
        /// Field name → source (`title`, `body`, `url`, `parameter:N`, `sentTime`, `sentDate`, `noticeKind`, `text:…`).
        var fields: [String: String]?
    }

    struct WeChat: Codable, Equatable {
        var appId: String?
        var appSecret: String?
        /// `mini-program` (default) or `official-account`.
        var variant: String?
        var apiBase: String?
        var miniProgramState: String?
        /// Per event kind (`policy-published`, …).
        var templates: [String: WeChatTemplateSettings]?
        var timeoutSeconds: Double?
    }

    struct WeCom: Codable, Equatable {
        /// The bots' webhook endpoint, without `key` (each group's key is its address).
        var webhookUrl: String?
        /// `text` (default) or `markdown`.
        var messageType: String?
        var messagesPerMinute: Int?
        var timeoutSeconds: Double?
    }

    /// The provider variables, with the key each one sets.
    static let providerEnvironmentKeys: [(variable: String, key: String)] = [
        ("GOVPUSH_SMS_PROVIDER", "channels.sms.provider"),
        ("GOVPUSH_TENCENT_SECRET_ID", "channels.tencent.secretId"),
        ("GOVPUSH_TENCENT_SECRET_KEY", "channels.tencent.secretKey"),
        ("GOVPUSH_TENCENT_SMS_APP_ID", "channels.tencent.smsAppId"),
        ("GOVPUSH_TENCENT_SMS_SIGN_NAME", "channels.tencent.smsSignName"),
        ("GOVPUSH_TENCENT_SMS_TEMPLATE_ID", "channels.tencent.smsTemplateId"),
        ("GOVPUSH_TENCENT_REGION", "channels.tencent.region"),
        ("GOVPUSH_TENCENT_SMS_ENDPOINT", "channels.tencent.smsEndpoint"),
        ("GOVPUSH_ALIYUN_ACCESS_KEY_ID", "channels.aliyun.accessKeyId"),
        ("GOVPUSH_ALIYUN_ACCESS_KEY_SECRET", "channels.aliyun.accessKeySecret"),
        ("GOVPUSH_ALIYUN_SMS_SIGN_NAME", "channels.aliyun.smsSignName"),
        ("GOVPUSH_ALIYUN_SMS_TEMPLATE_CODE", "channels.aliyun.smsTemplateCode"),
        ("GOVPUSH_ALIYUN_SMS_ENDPOINT", "channels.aliyun.smsEndpoint"),
        ("GOVPUSH_WECHAT_APP_ID", "channels.wechat.appId"),
        ("GOVPUSH_WECHAT_APP_SECRET", "channels.wechat.appSecret"),
        ("GOVPUSH_WECHAT_VARIANT", "channels.wechat.variant"),
        ("GOVPUSH_WECHAT_API_BASE", "channels.wechat.apiBase"),
        ("GOVPUSH_WECOM_WEBHOOK_URL", "channels.wecom.webhookUrl"),
        ("GOVPUSH_WECOM_MESSAGE_TYPE", "channels.wecom.messageType"),
    ]

    mutating func applyProviderEnvironment(_ value: (String) -> String?) {
        if let v = value("GOVPUSH_SMS_PROVIDER") { channels.sms = channels.sms ?? SMSSelection(); channels.sms?.provider = v }
        func tencent(_ name: String, _ set: (inout TencentCloud, String) -> Void) {
            guard let v = value(name) else { return }
            var section = channels.tencent ?? TencentCloud()
            set(&section, v)
            channels.tencent = section
        }
        tencent("GOVPUSH_TENCENT_SECRET_ID") { $0.secretId = $1 }
        tencent("GOVPUSH_TENCENT_SECRET_KEY") { $0.secretKey = $1 }
        tencent("GOVPUSH_TENCENT_SMS_APP_ID") { $0.smsAppId = $1 }
        tencent("GOVPUSH_TENCENT_SMS_SIGN_NAME") { $0.smsSignName = $1 }
        tencent("GOVPUSH_TENCENT_SMS_TEMPLATE_ID") { $0.smsTemplateId = $1 }
        tencent("GOVPUSH_TENCENT_REGION") { $0.region = $1 }
        tencent("GOVPUSH_TENCENT_SMS_ENDPOINT") { $0.smsEndpoint = $1 }
        func aliyun(_ name: String, _ set: (inout AlibabaCloud, String) -> Void) {
            guard let v = value(name) else { return }
            var section = channels.aliyun ?? AlibabaCloud()
            set(&section, v)
            channels.aliyun = section
        }
        aliyun("GOVPUSH_ALIYUN_ACCESS_KEY_ID") { $0.accessKeyId = $1 }
        aliyun("GOVPUSH_ALIYUN_ACCESS_KEY_SECRET") { $0.accessKeySecret = $1 }
        aliyun("GOVPUSH_ALIYUN_SMS_SIGN_NAME") { $0.smsSignName = $1 }
        aliyun("GOVPUSH_ALIYUN_SMS_TEMPLATE_CODE") { $0.smsTemplateCode = $1 }
        aliyun("GOVPUSH_ALIYUN_SMS_ENDPOINT") { $0.smsEndpoint = $1 }
        func wechat(_ name: String, _ set: (inout WeChat, String) -> Void) {
            guard let v = value(name) else { return }
            var section = channels.wechat ?? WeChat()
            set(&section, v)
            channels.wechat = section
        }
        wechat("GOVPUSH_WECHAT_APP_ID") { $0.appId = $1 }
        wechat("GOVPUSH_WECHAT_APP_SECRET") { $0.appSecret = $1 }
        wechat("GOVPUSH_WECHAT_VARIANT") { $0.variant = $1 }
        wechat("GOVPUSH_WECHAT_API_BASE") { $0.apiBase = $1 }
        func wecom(_ name: String, _ set: (inout WeCom, String) -> Void) {
            guard let v = value(name) else { return }
            var section = channels.wecom ?? WeCom()
            set(&section, v)
            channels.wecom = section
        }
        wecom("GOVPUSH_WECOM_WEBHOOK_URL") { $0.webhookUrl = $1 }
        wecom("GOVPUSH_WECOM_MESSAGE_TYPE") { $0.messageType = $1 }
    }

    func validateProviders() throws {
        if let provider = channels.sms?.provider, !["tencent", "aliyun"].contains(provider) {
            throw Problem(description: "channels.sms.provider (GOVPUSH_SMS_PROVIDER) must be \"tencent\" or \"aliyun\", got \"\(provider)\"")
        }
        if let variant = channels.wechat?.variant, !["mini-program", "official-account"].contains(variant) {
            throw Problem(description: "channels.wechat.variant (GOVPUSH_WECHAT_VARIANT) must be \"mini-program\" or \"official-account\", got \"\(variant)\"")
        }
        for (kind, template) in channels.wechat?.templates ?? [:] {
            for (field, source) in template.fields ?? [:] {
                guard WeChatFieldSource(source) != nil else {
                    throw Problem(description: "channels.wechat.templates.\(kind).fields.\(field): \"\(source)\" is not a source (title, body, url, parameter:N, sentTime, sentDate, noticeKind, text:…)")
                }
                guard WeChatValueRule(fieldName: field) != nil else {
                    throw Problem(description: "channels.wechat.templates.\(kind).fields.\(field): not a WeChat field type (thing, number, letter, symbol, character_string, time, date, amount, phone_number, car_number, name, phrase)")
                }
            }
        }
        if let type = channels.wecom?.messageType, !["text", "markdown"].contains(type) {
            throw Problem(description: "channels.wecom.messageType (GOVPUSH_WECOM_MESSAGE_TYPE) must be \"text\" or \"markdown\", got \"\(type)\"")
        }
        if let url = channels.wecom?.webhookUrl {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw Problem(description: "channels.wecom.webhookUrl (GOVPUSH_WECOM_WEBHOOK_URL) must be an http(s) URL")
            }
            // The key is a secret per group and comes from each subscriber's address, not from configuration.
            guard !url.contains("key=") else {
                throw Problem(description: "channels.wecom.webhookUrl (GOVPUSH_WECOM_WEBHOOK_URL) must not contain key=…: each group's bot key is its address")
            }
        }
        if let perMinute = channels.wecom?.messagesPerMinute, !(1...20).contains(perMinute) {
            throw Problem(description: "channels.wecom.messagesPerMinute must be 1-20 (WeCom allows 20), got \(perMinute)")
        }
    }
}
