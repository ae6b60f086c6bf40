/// How GovPush calls Alibaba Cloud SMS `SendSms` (阿里云短信服务, dysmsapi 2017-05-25): credentials, the approved
/// signature and templates, the template's variable names, and where the API lives.
public struct AliyunSMSConfiguration: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    public var accessKeySecret: ProviderSecret
    /// `SignName`, e.g. 芜湖市政务公开.
    public var signName: String
    /// `TemplateCode` (e.g. `SMS_123456789`) used when `templateCodes` has none for the event kind.
    public var templateCode: String
    /// Per event kind (`policy-published`, … as in docs/channels.md), the approved template code.
    public var templateCodes: [String: String]
    /// The approved templates' variable names, in the order of `RenderedMessage.templateParameters`
    /// (`${p1}`, `${p2}`, … unless configured otherwise).
    public var parameterNames: [String]
    /// `RegionId`; SMS is served from `cn-hangzhou`.
    public var regionID: String
    /// `https://dysmsapi.aliyuncs.com/` unless a test or a proxy says otherwise.
    public var endpoint: String
    public var timeout: Duration
    public var maximumResponseBytes: Int

    public static let defaultEndpoint = "https://dysmsapi.aliyuncs.com/"
    public static let version = "2017-05-25"

    public init(accessKeyID: String, accessKeySecret: ProviderSecret, signName: String, templateCode: String,
                templateCodes: [String: String] = [:], parameterNames: [String] = (1...9).map { "p\($0)" },
                regionID: String = "cn-hangzhou", endpoint: String = AliyunSMSConfiguration.defaultEndpoint,
                timeout: Duration = .seconds(10), maximumResponseBytes: Int = 64 * 1024) {
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.signName = signName
        self.templateCode = templateCode
        self.templateCodes = templateCodes
        self.parameterNames = parameterNames
        self.regionID = regionID
        self.endpoint = endpoint
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    public var description: String {
        "Alibaba Cloud SMS \(endpoint) (AccessKeyId \(maskedKeyID(accessKeyID)), AccessKeySecret ****)"
    }
}
