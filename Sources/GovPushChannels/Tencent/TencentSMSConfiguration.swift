/// How GovPush calls Tencent Cloud SMS `SendSms` (API 3.0, version 2021-01-11): credentials, the SMS
/// application, the approved signature and templates, and where the API lives.
public struct TencentSMSConfiguration: Sendable, CustomStringConvertible {
    public var secretID: String
    public var secretKey: ProviderSecret
    /// `SmsSdkAppId`, e.g. `1400006666`.
    public var appID: String
    /// `SignName`: the approved signature shown as 【…】.
    public var signName: String
    /// `TemplateId` used when `templateIDs` has none for the event kind.
    public var templateID: String
    /// Per event kind (`policy-published`, `service-progress`, … as in docs/channels.md), the approved template id.
    public var templateIDs: [String: String]
    /// `X-TC-Region`: `ap-guangzhou` (default), `ap-beijing` or `ap-nanjing`.
    public var region: String
    /// `https://sms.tencentcloudapi.com` unless a test or a proxy says otherwise; its host is signed.
    public var endpoint: String
    public var timeout: Duration
    public var maximumResponseBytes: Int

    public static let defaultEndpoint = "https://sms.tencentcloudapi.com"
    public static let action = "SendSms"
    public static let version = "2021-01-11"
    public static let service = "sms"

    public init(secretID: String, secretKey: ProviderSecret, appID: String, signName: String, templateID: String,
                templateIDs: [String: String] = [:], region: String = "ap-guangzhou", endpoint: String = TencentSMSConfiguration.defaultEndpoint,
                timeout: Duration = .seconds(10), maximumResponseBytes: Int = 64 * 1024) {
        self.secretID = secretID
        self.secretKey = secretKey
        self.appID = appID
        self.signName = signName
        self.templateID = templateID
        self.templateIDs = templateIDs
        self.region = region
        self.endpoint = endpoint
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    public var description: String {
        "Tencent Cloud SMS \(endpoint) region \(region) app \(appID) (SecretId \(maskedKeyID(secretID)), SecretKey ****)"
    }
}

/// The first four characters and `****`: enough for an operator to tell two key ids apart.
func maskedKeyID(_ identifier: String) -> String {
    identifier.count > 8 ? String(identifier.prefix(4)) + "****" : "****"
}
