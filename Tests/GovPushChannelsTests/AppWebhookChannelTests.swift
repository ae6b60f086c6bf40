import AsyncHTTPClient
import Foundation
import GovPushChannels
import GovPushDomain
import GovPushTesting
import NIOCore
import Testing

/// The app webhook against the local receiver, over real loopback HTTP.
@Suite struct AppWebhookChannelTests {
    let secret = WebhookSecret("wst-shared-secret")

    private func withReceiver(_ body: (WebhookReceiver) async throws -> Void) async throws {
        let receiver = try await WebhookReceiver.start(secret: secret)
        do {
            try await body(receiver)
        } catch {
            try? await receiver.shutdown()
            throw error
        }
        try await receiver.shutdown()
    }

    private func channel(_ receiver: WebhookReceiver, secret: WebhookSecret? = nil, timeout: Duration = .seconds(5),
                         now: @escaping @Sendable () -> Date = { Date() }) -> AppWebhookChannel {
        AppWebhookChannel(configuration: AppWebhookConfiguration(endpoint: receiver.url, secret: secret ?? self.secret,
                                                                 timeout: timeout),
                          now: now)
    }

    @Test func deliversSignedJSONWithExactHeadersAndBody() async throws {
        try await withReceiver { receiver in
            let sentAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let notification = ChannelFixtures.notification(deliveryID: "dlv-ok")
            let outcome = await channel(receiver, now: { sentAt }).send(notification)

            #expect(outcome == .delivered(providerReference: "receiver-1"))
            #expect(receiver.acceptedCount(of: "dlv-ok") == 1)
            let request = try #require(receiver.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/deliveries")
            #expect(request.signatureFailure == nil)
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["x-govpush-delivery"] == "dlv-ok")
            #expect(request.headers["x-govpush-timestamp"] == String(Int(sentAt.timeIntervalSince1970)))
            let expected = WebhookSignature(secret: secret).sign(body: request.body, timestamp: Int64(sentAt.timeIntervalSince1970))
            #expect(request.headers["x-govpush-signature"] == expected)

            let json = try #require(request.json)
            #expect(Set(json.keys) == ["delivery_id", "event_id", "event_type", "subscriber_id", "app_user_id", "title",
                                       "body", "url", "urgent", "sent_at"])
            #expect(json["delivery_id"] as? String == "dlv-ok")
            #expect(json["event_id"] as? String == "evt-0001")
            #expect(json["event_type"] as? String == "cn.gov.disclosure.policy.published")
            #expect(json["subscriber_id"] as? String == "sub-0001")
            #expect(json["app_user_id"] as? String == "wst-user-123456")
            #expect(json["title"] as? String == "新政策发布：低保实施意见")
            #expect(json["body"] as? String == "芜湖市人民政府办公室发布《实施意见》。")
            #expect(json["url"] as? String == "https://www.wuhu.gov.cn/p/47")
            #expect(json["urgent"] as? Bool == false)
            #expect(json["sent_at"] as? String == RFC3339Timestamp.format(sentAt))
        }
    }

    @Test func referenceFallsBackToJSONID() async throws {
        try await withReceiver { receiver in
            receiver.script(.acceptedWithBodyID)
            let outcome = await channel(receiver).send(ChannelFixtures.notification())
            #expect(outcome == .delivered(providerReference: "receiver-1"))
        }
    }

    @Test(arguments: [500, 502, 503, 408])
    func serverErrorsAndRequestTimeoutAreTransient(status: Int) async throws {
        try await withReceiver { receiver in
            receiver.script(.status(status))
            let outcome = await channel(receiver).send(ChannelFixtures.notification(deliveryID: "dlv-\(status)"))
            #expect(outcome == .transient(reason: "app backend answered HTTP \(status)", retryAfter: nil))
            #expect(receiver.acceptedCount(of: "dlv-\(status)") == 0)
        }
    }

    @Test func rateLimitHonoursRetryAfter() async throws {
        try await withReceiver { receiver in
            receiver.script(.status(429, retryAfter: 2))
            let outcome = await channel(receiver).send(ChannelFixtures.notification())
            #expect(outcome == .transient(reason: "app backend answered HTTP 429", retryAfter: .seconds(2)))
        }
    }

    @Test(arguments: [301, 400, 404, 410, 422])
    func otherClientErrorsArePermanent(status: Int) async throws {
        try await withReceiver { receiver in
            receiver.script(.status(status))
            let outcome = await channel(receiver).send(ChannelFixtures.notification())
            #expect(outcome == .permanent(reason: "app backend refused the delivery with HTTP \(status)"))
        }
    }

    @Test func retryAfterAScriptedFailureIsAcceptedOnce() async throws {
        try await withReceiver { receiver in
            receiver.script(.status(500), .status(200))
            let channel = channel(receiver)
            let notification = ChannelFixtures.notification(deliveryID: "dlv-retry")
            #expect(await channel.send(notification) == .transient(reason: "app backend answered HTTP 500", retryAfter: nil))
            #expect(await channel.send(notification) == .delivered(providerReference: "receiver-1"))
            #expect(receiver.acceptedDeliveries == ["dlv-retry": 1])
            #expect(receiver.requests.map(\.status) == [500, 200])
        }
    }

    @Test func slowReceiverTimesOutAsTransient() async throws {
        try await withReceiver { receiver in
            receiver.script(.delay(.seconds(10)))
            let outcome = await channel(receiver, timeout: .milliseconds(300)).send(ChannelFixtures.notification())
            guard case .transient(let reason, nil) = outcome else {
                Issue.record("expected transient, got \(outcome)")
                return
            }
            #expect(reason.contains("timed out"))  // the client's deadline, not the (10 s later) reply, ended it
        }
    }

    @Test func connectionRefusedIsTransient() async throws {
        // A port that was just bound and released: nothing listens on it.
        let closed = try await WebhookReceiver.start(secret: secret)
        let url = closed.url
        try await closed.shutdown()
        let channel = AppWebhookChannel(configuration: AppWebhookConfiguration(endpoint: url, secret: secret,
                                                                               timeout: .seconds(2)))
        let outcome = await channel.send(ChannelFixtures.notification())
        guard case .transient(let reason, nil) = outcome else {
            Issue.record("expected transient, got \(outcome)")
            return
        }
        // async-http-client keeps retrying the connection until the deadline, then reports the last error.
        #expect(reason.hasPrefix("app backend unreachable") && reason.contains("refused"), "\(reason)")
    }

    @Test func wrongSecretIsRefusedByTheReceiver() async throws {
        try await withReceiver { receiver in
            let outcome = await channel(receiver, secret: WebhookSecret("not-the-secret")).send(
                ChannelFixtures.notification(deliveryID: "dlv-forged"))
            #expect(outcome == .permanent(reason: "app backend refused the delivery with HTTP 401"))
            #expect(receiver.requests.first?.signatureFailure == .mismatch)
            #expect(receiver.acceptedDeliveries.isEmpty)
        }
    }

    @Test func staleTimestampIsRefusedByTheReceiver() async throws {
        try await withReceiver { receiver in
            let outcome = await channel(receiver, now: { Date().addingTimeInterval(-3600) }).send(ChannelFixtures.notification())
            #expect(outcome == .permanent(reason: "app backend refused the delivery with HTTP 401"))
            guard case .staleTimestamp = receiver.requests.first?.signatureFailure else {
                Issue.record("expected a stale timestamp, got \(String(describing: receiver.requests.first?.signatureFailure))")
                return
            }
        }
    }

    @Test func nonAppAddressIsPermanentWithoutARequest() async throws {
        try await withReceiver { receiver in
            let sms = SubscriberChannel.sms(try PhoneNumber("13812341234"))
            let outcome = await channel(receiver).send(ChannelFixtures.notification(deliveryID: "dlv-sms", address: sms))
            guard case .permanent(let reason) = outcome else {
                Issue.record("expected permanent, got \(outcome)")
                return
            }
            #expect(!reason.contains("13812341234"))
            #expect(receiver.requests.isEmpty)
        }
    }
}

@Suite struct WebhookReceiverTests {
    @Test func countsConcurrentDeliveriesOncePerID() async throws {
        let secret = WebhookSecret("soak")
        let receiver = try await WebhookReceiver.start(secret: secret)
        let channel = AppWebhookChannel(configuration: AppWebhookConfiguration(endpoint: receiver.url, secret: secret))
        let outcomes = await withTaskGroup(of: ChannelOutcome.self) { group in
            for index in 0..<50 {
                group.addTask { await channel.send(ChannelFixtures.notification(deliveryID: "dlv-\(index)")) }
            }
            return await group.reduce(into: [ChannelOutcome]()) { $0.append($1) }
        }
        try await receiver.shutdown()
        #expect(outcomes.allSatisfy { if case .delivered = $0 { true } else { false } })
        #expect(receiver.acceptedDeliveries.count == 50 && receiver.acceptedDeliveries.values.allSatisfy { $0 == 1 })
        #expect(receiver.port > 0)
    }

    @Test func unsignedRequestIsRefusedWithoutConsumingTheScript() async throws {
        let receiver = try await WebhookReceiver.start(secret: WebhookSecret("k"))
        receiver.script(.status(503))
        var request = HTTPClientRequest(url: receiver.url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "{}"))
        let response = try await AppWebhookChannel.sharedHTTPClient.execute(request, timeout: .seconds(5))
        #expect(response.status.code == 401)
        #expect(receiver.requests.first?.signatureFailure == .missingTimestamp)
        // The scripted 503 is still next, for the first signed request.
        let outcome = await AppWebhookChannel(configuration: AppWebhookConfiguration(endpoint: receiver.url, secret: WebhookSecret("k")))
            .send(ChannelFixtures.notification())
        #expect(outcome == .transient(reason: "app backend answered HTTP 503", retryAfter: nil))
        try await receiver.shutdown()
    }
}
