import Foundation
import GovPushChannels
import GovPushDomain
import GovPushTesting
import Testing

/// Tencent Cloud and Alibaba Cloud SMS against local stand-ins that verify their signatures.
@Suite struct SMSChannelTests {
    static let tencentSecretKey = "tencent-secret-key-do-not-log"
    static let aliyunSecret = "aliyun-secret-do-not-log"

    private func withTencent(_ body: (TencentSMSStandIn, CapturedLog, (String) -> TencentSMSChannel) async throws -> Void) async throws {
        let standIn = try await TencentSMSStandIn.start(secretID: "AKIDgovpushtest0001", secretKey: Self.tencentSecretKey, appID: "1400006666")
        let log = CapturedLog()
        let make: (String) -> TencentSMSChannel = { key in
            TencentSMSChannel(configuration: TencentSMSConfiguration(
                secretID: "AKIDgovpushtest0001", secretKey: ProviderSecret(key), appID: "1400006666", signName: "芜湖政务公开",
                templateID: "2000001", templateIDs: ["service-progress": "2000006"], endpoint: standIn.endpoint, timeout: .seconds(5)),
                logger: log.logger("tencent"))
        }
        do { try await body(standIn, log, make) } catch { try? await standIn.shutdown(); throw error }
        try await standIn.shutdown()
    }

    @Test func tencentSendsOneSignedSendSmsAndKeepsTheSerialNumber() async throws {
        try await withTencent { standIn, log, make in
            let outcome = await make(Self.tencentSecretKey).send(ProviderFixtures.sms(deliveryID: "dlv-tc-1"))
            #expect(outcome == .delivered(providerReference: "2433:1"))
            let request = try #require(standIn.received.first)
            #expect(request.phoneNumbers == ["+8613812341234"])
            #expect(request.sessionContext == "dlv-tc-1")
            #expect(request.templateID == "2000001")
            #expect(request.signName == "芜湖政务公开")
            #expect(request.templateParameters == ["低保实施意见", "芜政办秘〔2020〕47号", "https://www.wuhu.gov.cn/p/47"])
            #expect(request.headers["x-tc-action"] == "SendSms")
            #expect(request.headers["x-tc-version"] == "2021-01-11")
            #expect(request.headers["x-tc-region"] == "ap-guangzhou")
            #expect(request.headers["authorization"]?.hasPrefix("TC3-HMAC-SHA256 Credential=AKIDgovpushtest0001/") == true)
            #expect(!log.text.contains(Self.tencentSecretKey))
            #expect(!log.text.contains("13812341234"))
            #expect(log.text.contains("138****1234"))
        }
    }

    @Test func tencentWrongSecretIsRefusedBySignatureCheckAsPermanent() async throws {
        try await withTencent { standIn, log, make in
            let outcome = await make("not-the-secret").send(ProviderFixtures.sms(deliveryID: "dlv-tc-bad"))
            #expect(standIn.refusals == ["AuthFailure.SignatureFailure"])
            #expect(standIn.received.isEmpty)
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("AuthFailure.SignatureFailure") && reason.contains("dlv-tc-bad"))
            #expect(!reason.contains("not-the-secret") && !log.text.contains("not-the-secret"))
        }
    }

    @Test(arguments: [
        ("LimitExceeded.PhoneNumberThirtySecondLimit", "transient", Duration.seconds(30) as Duration?),
        ("LimitExceeded.PhoneNumberDailyLimit", "transient", .seconds(3600)),
        ("LimitExceeded.DeliveryFrequencyLimit", "transient", .seconds(30)),
        ("InternalError.Timeout", "transient", nil),
        ("FailedOperation.InsufficientBalanceInSmsPackage", "transient", .seconds(3600)),
        ("InvalidParameterValue.IncorrectPhoneNumber", "permanent", nil),
        ("UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber", "permanent", nil),
        ("FailedOperation.PhoneNumberInBlacklist", "permanent", nil),
        ("FailedOperation.TemplateIncorrectOrUnapproved", "permanent", nil),
        ("LimitExceeded.PhoneNumberCountLimit", "permanent", nil),
    ])
    func tencentNumberStatusCodesAreClassified(code: String, expected: String, retryAfter: Duration?) async throws {
        try await withTencent { standIn, _, make in
            standIn.script(.numberStatus(code))
            let outcome = await make(Self.tencentSecretKey).send(ProviderFixtures.sms())
            #expect(ProviderFixtures.classOf(outcome) == expected)
            if case .transient(let reason, let after) = outcome {
                #expect(after == retryAfter)
                #expect(reason.contains(code))
            }
            if case .permanent(let reason) = outcome { #expect(reason.contains(code)) }
        }
    }

    @Test(arguments: [
        (TencentSMSStandIn.Reply.requestError("InternalError"), "transient"),
        (.requestError("RequestLimitExceeded"), "transient"),
        (.requestError("AuthFailure.UnauthorizedOperation"), "permanent"),
        (.requestError("InvalidParameterValue.TemplateParameterFormatError"), "permanent"),
        (.http(502), "transient"),
        (.http(404), "permanent"),
    ])
    func tencentRequestLevelFailuresAreClassified(reply: TencentSMSStandIn.Reply, expected: String) async throws {
        try await withTencent { standIn, _, make in
            standIn.script(reply)
            #expect(ProviderFixtures.classOf(await make(Self.tencentSecretKey).send(ProviderFixtures.sms())) == expected)
        }
    }

    @Test func tencentUsesTheEventKindsTemplateAndRefusesOtherAddresses() async throws {
        try await withTencent { standIn, _, make in
            var notification = ProviderFixtures.sms()
            notification.eventType = .serviceProgress
            #expect(await make(Self.tencentSecretKey).send(notification) == .delivered(providerReference: "2433:1"))
            #expect(standIn.received.first?.templateID == "2000006")
            let app = await make(Self.tencentSecretKey).send(ChannelFixtures.notification())
            #expect(ProviderFixtures.classOf(app) == "permanent")
        }
    }

    @Test func tencentUnreachableIsTransient() async throws {
        let standIn = try await TencentSMSStandIn.start(secretID: "AKIDgovpushtest0001", secretKey: Self.tencentSecretKey, appID: "1400006666")
        let endpoint = standIn.endpoint
        try await standIn.shutdown()
        let channel = TencentSMSChannel(configuration: TencentSMSConfiguration(
            secretID: "AKIDgovpushtest0001", secretKey: ProviderSecret(Self.tencentSecretKey), appID: "1400006666", signName: "s",
            templateID: "1", endpoint: endpoint, timeout: .seconds(2)))
        #expect(ProviderFixtures.classOf(await channel.send(ProviderFixtures.sms())) == "transient")
    }

    // MARK: Alibaba Cloud

    private func withAliyun(_ body: (AliyunSMSStandIn, CapturedLog, (String) -> AliyunSMSChannel) async throws -> Void) async throws {
        let standIn = try await AliyunSMSStandIn.start(accessKeyID: "LTAIgovpushtest01", accessKeySecret: Self.aliyunSecret)
        let log = CapturedLog()
        let make: (String) -> AliyunSMSChannel = { secret in
            AliyunSMSChannel(configuration: AliyunSMSConfiguration(
                accessKeyID: "LTAIgovpushtest01", accessKeySecret: ProviderSecret(secret), signName: "芜湖政务公开",
                templateCode: "SMS_100000001", endpoint: standIn.endpoint, timeout: .seconds(5)), logger: log.logger("aliyun"))
        }
        do { try await body(standIn, log, make) } catch { try? await standIn.shutdown(); throw error }
        try await standIn.shutdown()
    }

    @Test func aliyunSendsASignedSendSmsWithOutIdAndTemplateParam() async throws {
        try await withAliyun { standIn, log, make in
            let outcome = await make(Self.aliyunSecret).send(ProviderFixtures.sms(deliveryID: "dlv-ali-1"))
            #expect(outcome == .delivered(providerReference: "900619746936498440^1"))
            let request = try #require(standIn.received.first)
            #expect(request.method == "POST")
            #expect(request.parameters["OutId"] == "dlv-ali-1")
            #expect(request.parameters["PhoneNumbers"] == "13812341234")
            #expect(request.parameters["TemplateCode"] == "SMS_100000001")
            #expect(request.parameters["SignName"] == "芜湖政务公开")
            #expect(request.parameters["Format"] == "JSON")
            let param = try #require(request.parameters["TemplateParam"])
            let decoded = try JSONSerialization.jsonObject(with: Data(param.utf8)) as? [String: String]
            #expect(decoded == ["p1": "低保实施意见", "p2": "芜政办秘〔2020〕47号", "p3": "https://www.wuhu.gov.cn/p/47"])
            #expect(!log.text.contains(Self.aliyunSecret) && !log.text.contains("13812341234"))
            // A second send uses a fresh nonce: the stand-in refuses reused ones.
            #expect(ProviderFixtures.classOf(await make(Self.aliyunSecret).send(ProviderFixtures.sms())) == "delivered")
        }
    }

    @Test func aliyunWrongSecretIsSignatureDoesNotMatchAndPermanent() async throws {
        try await withAliyun { standIn, log, make in
            let outcome = await make("wrong-secret").send(ProviderFixtures.sms())
            #expect(standIn.refusals == ["SignatureDoesNotMatch"])
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("SignatureDoesNotMatch") && !reason.contains("wrong-secret") && !log.text.contains("wrong-secret"))
        }
    }

    @Test(arguments: [
        (AliyunSMSStandIn.Reply.code("isv.BUSINESS_LIMIT_CONTROL"), "transient"),
        (.code("isv.DAY_LIMIT_CONTROL"), "transient"),
        (.code("isv.AMOUNT_NOT_ENOUGH"), "transient"),
        (.code("isp.SYSTEM_ERROR"), "transient"),
        (.http(503, code: "ServiceUnavailable"), "transient"),
        (.http(400, code: "Throttling.User"), "transient"),
        (.code("isv.MOBILE_NUMBER_ILLEGAL"), "permanent"),
        (.code("isv.BLACK_KEY_CONTROL_LIMIT"), "permanent"),
        (.code("isv.SMS_TEMPLATE_ILLEGAL"), "permanent"),
        (.code("isv.TEMPLATE_MISSING_PARAMETERS"), "permanent"),
        (.http(403, code: "isp.RAM_PERMISSION_DENY"), "permanent"),
    ])
    func aliyunCodesAreClassified(reply: AliyunSMSStandIn.Reply, expected: String) async throws {
        try await withAliyun { standIn, _, make in
            standIn.script(reply)
            #expect(ProviderFixtures.classOf(await make(Self.aliyunSecret).send(ProviderFixtures.sms())) == expected)
        }
    }

    @Test func aliyunBusinessLimitWaitsAMinute() async throws {
        try await withAliyun { standIn, _, make in
            standIn.script(.code("isv.BUSINESS_LIMIT_CONTROL"))
            guard case .transient(_, let after) = await make(Self.aliyunSecret).send(ProviderFixtures.sms()) else { Issue.record("not transient"); return }
            #expect(after == .seconds(60))
        }
    }

    @Test func aliyunRefusesMoreParametersThanNames() async throws {
        try await withAliyun { standIn, _, make in
            var channel = make(Self.aliyunSecret).configuration
            channel.parameterNames = ["name"]
            let outcome = await AliyunSMSChannel(configuration: channel).send(ProviderFixtures.sms())
            #expect(ProviderFixtures.classOf(outcome) == "permanent")
            #expect(standIn.received.isEmpty)
        }
    }
}
