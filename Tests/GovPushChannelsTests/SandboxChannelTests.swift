import GovPushChannels
import GovPushDomain
import Testing

@Suite struct SandboxChannelTests {
    @Test func capturesAndAnswersDeliveredWithSandboxReference() async {
        let outbox = InMemorySandboxOutbox()
        let channel = SandboxChannel(kind: .sms, outbox: outbox)
        let notification = ChannelFixtures.notification(deliveryID: "dlv-1", address: .sms(try! PhoneNumber("13812341234")))

        let outcome = await channel.send(notification)

        #expect(outcome == .delivered(providerReference: "sandbox-dlv-1"))
        #expect(outbox.captured == [notification])
        #expect(channel.kind == .sms)
    }

    @Test func outboxFailureIsTransient() async {
        struct Full: Error, CustomStringConvertible { var description: String { "disk full" } }
        struct FailingOutbox: SandboxOutbox {
            func capture(_ notification: OutgoingNotification) async throws { throw Full() }
        }
        let outcome = await SandboxChannel(kind: .app, outbox: FailingOutbox()).send(ChannelFixtures.notification(deliveryID: "dlv-2"))
        guard case .transient(let reason, let retryAfter) = outcome else {
            Issue.record("expected transient, got \(outcome)")
            return
        }
        #expect(reason.contains("dlv-2") && reason.contains("disk full"))
        #expect(retryAfter == nil)
    }
}
