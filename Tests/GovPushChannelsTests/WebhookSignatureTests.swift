import Foundation
import GovPushChannels
import Testing

@Suite struct WebhookSignatureTests {
    let signature = WebhookSignature(secret: WebhookSecret("s3cret"), maximumClockSkew: .seconds(300))
    let body = Array(#"{"delivery_id":"d1"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func matchesAnIndependentHMAC() {
        // printf '1700000000.{"delivery_id":"d1"}' | openssl dgst -sha256 -hmac s3cret
        #expect(signature.sign(body: body, timestamp: 1_700_000_000)
            == "1eae983cc31b1da68026bb973176851c36eaef04738828cc068aa1d416658fd9")
    }

    @Test func verifiesItsOwnSignature() throws {
        let hex = signature.sign(body: body, timestamp: 1_700_000_000)
        try signature.verify(signature: hex, timestamp: "1700000000", body: body, now: now)
        try signature.verify(signature: hex.uppercased(), timestamp: "1700000000", body: body, now: now.addingTimeInterval(299))
    }

    @Test func rejectsTamperedBody() {
        let hex = signature.sign(body: body, timestamp: 1_700_000_000)
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try signature.verify(signature: hex, timestamp: "1700000000", body: Array(#"{"delivery_id":"d2"}"#.utf8), now: now)
        }
    }

    @Test func rejectsWrongSecret() {
        let forged = WebhookSignature(secret: WebhookSecret("guess")).sign(body: body, timestamp: 1_700_000_000)
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try signature.verify(signature: forged, timestamp: "1700000000", body: body, now: now)
        }
    }

    @Test func rejectsStaleAndFutureTimestamps() {
        let hex = signature.sign(body: body, timestamp: 1_700_000_000)
        #expect(throws: WebhookSignature.Failure.staleTimestamp(skewSeconds: 301)) {
            try signature.verify(signature: hex, timestamp: "1700000000", body: body, now: now.addingTimeInterval(301))
        }
        #expect(throws: WebhookSignature.Failure.staleTimestamp(skewSeconds: -301)) {
            try signature.verify(signature: hex, timestamp: "1700000000", body: body, now: now.addingTimeInterval(-301))
        }
    }

    @Test func rejectsTimestampNotSigned() {
        // The timestamp is part of the signed text: moving it forward to pass the skew check breaks the signature.
        let hex = signature.sign(body: body, timestamp: 1_699_000_000)
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try signature.verify(signature: hex, timestamp: "1700000000", body: body, now: now)
        }
    }

    @Test func rejectsMalformedHeaders() {
        #expect(throws: WebhookSignature.Failure.missingTimestamp) {
            try signature.verify(signature: "00", timestamp: nil, body: body, now: now)
        }
        #expect(throws: WebhookSignature.Failure.malformedTimestamp) {
            try signature.verify(signature: "00", timestamp: "yesterday", body: body, now: now)
        }
        #expect(throws: WebhookSignature.Failure.malformedSignature) {
            try signature.verify(signature: "zz", timestamp: "1700000000", body: body, now: now)
        }
        #expect(throws: WebhookSignature.Failure.malformedSignature) {
            try signature.verify(signature: nil, timestamp: "1700000000", body: body, now: now)
        }
    }

    @Test func secretNeverPrints() {
        let secret = WebhookSecret("s3cret")
        #expect("\(secret)" == "****")
        #expect(String(reflecting: secret) == "****")
        var dumped = ""
        dump(AppWebhookConfiguration(endpoint: "http://127.0.0.1/x", secret: secret), to: &dumped)
        #expect(!dumped.contains("s3cret"))
    }
}
