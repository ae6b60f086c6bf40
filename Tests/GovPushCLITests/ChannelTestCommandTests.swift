import Foundation
import GovPushTesting
import Testing

/// `govpush channel test` against local provider stand-ins: the real binary, the real adapters.
@Suite struct ChannelTestCommandTests {
    static let secretKey = "cli-tencent-secret-key"

    private func configFile(_ object: [String: Any]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-channel-test-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url
    }

    private func tencentConfig(endpoint: String) throws -> URL {
        try configFile(["channels": ["sms": ["provider": "tencent"], "tencent": [
            "secretId": "AKIDclitest000001", "secretKey": Self.secretKey, "smsAppId": "1400006666",
            "smsSignName": "芜湖政务公开", "smsTemplateId": "2000001", "smsEndpoint": endpoint,
        ]]])
    }

    @Test func smsThroughTencentPrintsTheOutcomeWithoutSecretsOrTheNumber() async throws {
        let standIn = try await TencentSMSStandIn.start(secretID: "AKIDclitest000001", secretKey: Self.secretKey, appID: "1400006666")
        defer { Task { try? await standIn.shutdown() } }
        let config = try tencentConfig(endpoint: standIn.endpoint)
        let result = try await GovPushBinary.run(["channel", "test", "sms", "--to", "13812341234", "--parameter", "通道测试", "--config", config.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("delivered (provider reference 2433:1)"))
        #expect(result.output.contains("138****1234"))
        let everything = result.output + result.errors
        #expect(!everything.contains("13812341234") && !everything.contains(Self.secretKey))
        #expect(standIn.received.first?.templateParameters == ["通道测试"])
        #expect(standIn.received.first?.sessionContext?.hasPrefix("channel-test-") == true)
    }

    @Test func aRefusedSendExitsNonZeroWithTheReason() async throws {
        let standIn = try await TencentSMSStandIn.start(secretID: "AKIDclitest000001", secretKey: Self.secretKey, appID: "1400006666")
        defer { Task { try? await standIn.shutdown() } }
        standIn.script(.numberStatus("FailedOperation.PhoneNumberInBlacklist"))
        let config = try tencentConfig(endpoint: standIn.endpoint)
        let result = try await GovPushBinary.run(["channel", "test", "sms", "--to", "13812341234", "--config", config.path])
        #expect(result.status != 0)
        #expect(result.errors.contains("failed, permanent") && result.errors.contains("FailedOperation.PhoneNumberInBlacklist"))
    }

    @Test func wecomThroughAnEndpointOverride() async throws {
        let key = "cli-bot-key-0000000001"
        let standIn = try await WeComBotStandIn.start(keys: [key])
        defer { Task { try? await standIn.shutdown() } }
        let result = try await GovPushBinary.run(["channel", "test", "wecom", "--to", key, "--endpoint", standIn.endpoint, "--text", "村委会测试"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(standIn.messages.first?.content.contains("村委会测试") == true)
        #expect(!(result.output + result.errors).contains(key))
    }

    @Test func emailThroughARealSMTPServer() async throws {
        let server = try await SMTPTestServer.start()
        let config = try configFile(["channels": ["smtp": ["host": "127.0.0.1", "port": server.port, "from": "芜湖市政务公开办公室 <notify@wuhu.gov.cn>",
                                                           "starttls": "off"]]])
        let result = try await GovPushBinary.run(["channel", "test", "email", "--to", "zhang.san@example.cn", "--subject", "通道测试", "--config", config.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try server.receivedMessages().first?.subject == "通道测试")
        #expect(!(result.output + result.errors).contains("zhang.san@example.cn"))
        try await server.shutdown()
    }

    @Test func explainsMissingCredentialsAndBadInput() async throws {
        let missing = try await GovPushBinary.run(["channel", "test", "sms", "--to", "13812341234", "--provider", "aliyun"])
        #expect(missing.status != 0 && missing.errors.contains("GOVPUSH_ALIYUN_ACCESS_KEY_ID"))
        let badNumber = try await GovPushBinary.run(["channel", "test", "sms", "--to", "12345"])
        #expect(badNumber.status != 0 && badNumber.errors.contains("--to"))
        let badProvider = try await GovPushBinary.run(["channel", "test", "sms", "--to", "13812341234", "--provider", "twilio"])
        #expect(badProvider.status != 0 && badProvider.errors.contains("tencent or aliyun"))
        let email = try await GovPushBinary.run(["channel", "test", "email", "--to", "a@example.org"])
        #expect(email.status != 0 && email.errors.contains("GOVPUSH_SMTP_HOST"))
    }
}
