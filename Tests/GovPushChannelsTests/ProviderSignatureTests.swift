import Foundation
import GovPushChannels
import Testing

/// The providers' request signatures against the worked examples in their documentation.
@Suite struct ProviderSignatureTests {
    /// Tencent Cloud's "Signature v3" example: CVM DescribeInstances, POST, timestamp 1551113065.
    @Test func tencentTC3MatchesTheDocumentedExample() {
        let payload = Array(#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#.utf8)
        let headers = [(name: "Content-Type", value: "application/json; charset=utf-8"), (name: "Host", value: "cvm.tencentcloudapi.com")]
        let canonical = TencentCloudSignature.canonicalRequest(method: "POST", headers: headers, payload: payload)
        #expect(canonical == """
            POST
            /

            content-type:application/json; charset=utf-8
            host:cvm.tencentcloudapi.com

            content-type;host
            35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064
            """)
        #expect(TencentCloudSignature.date(of: 1_551_113_065) == "2019-02-25")
        let stringToSign = TencentCloudSignature.stringToSign(timestamp: 1_551_113_065, scope: "2019-02-25/cvm/tc3_request", canonicalRequest: canonical)
        #expect(stringToSign == "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031")
        let signer = TencentCloudSignature(secretID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", secretKey: ProviderSecret("Gu5t9xGARNpq86cd98joQYCN3*******"))
        #expect(signer.signature(stringToSign: stringToSign, date: "2019-02-25", service: "cvm")
            == "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")
        let authorization = signer.authorization(method: "POST", headers: headers, payload: payload, service: "cvm", timestamp: 1_551_113_065)
        #expect(authorization == "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")
        let parsed = TencentCloudAuthorization(header: authorization)
        #expect(parsed?.secretID == "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******")
        #expect(parsed?.signedHeaders == ["content-type", "host"])
        #expect(TencentCloudAuthorization(header: "HMAC Credential=x") == nil)
    }

    /// Alibaba Cloud SMS's signature example (短信服务 签名机制): SendSms, GET, AccessKey testId / testSecret.
    @Test func aliyunRPCMatchesTheDocumentedSMSExample() {
        let parameters = [
            "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123", "PhoneNumbers": "15300000001",
            "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007",
            "TemplateParam": #"{"customer":"test"}"#, "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25",
        ]
        #expect(AliyunRPCSignature.stringToSign(method: "GET", parameters: parameters).hasPrefix(
            "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF"))
        #expect(AliyunRPCSignature(accessKeySecret: ProviderSecret("testSecret")).signature(method: "GET", parameters: parameters)
            == "zJDF+Lrzhj/ThnlvIToysFRq6t4=")
        // The Signature parameter itself is never signed.
        var withSignature = parameters
        withSignature["Signature"] = "old"
        #expect(AliyunRPCSignature(accessKeySecret: ProviderSecret("testSecret")).signature(method: "GET", parameters: withSignature)
            == "zJDF+Lrzhj/ThnlvIToysFRq6t4=")
    }

    @Test func percentEncodingFollowsRFC3986() {
        #expect(AliyunRPCSignature.percentEncode("a b*~-_.") == "a%20b%2A~-_.")
        #expect(AliyunRPCSignature.percentEncode("/=&+") == "%2F%3D%26%2B")
        #expect(AliyunRPCSignature.percentEncode("政") == "%E6%94%BF")
    }

    @Test func secretsNeverPrint() {
        let secret = ProviderSecret("very-secret-key")
        #expect("\(secret)" == "****")
        #expect(String(reflecting: secret) == "****")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("very-secret-key"))
        let tencent = TencentSMSConfiguration(secretID: "AKIDabcdefgh12345", secretKey: secret, appID: "1400006666", signName: "芜湖政务", templateID: "1")
        #expect(!tencent.description.contains("very-secret-key") && !tencent.description.contains("AKIDabcdefgh12345"))
    }
}
