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

    @Test func batchIsCapturedInOneCallWithOutcomesInOrder() async {
        let outbox = InMemorySandboxOutbox()
        let channel = SandboxChannel(kind: .app, outbox: outbox)
        let batch = (1...3).map { ChannelFixtures.notification(deliveryID: "dlv-\($0)") }

        let outcomes = await channel.send(batch: batch)

        #expect(outcomes == (1...3).map { .delivered(providerReference: "sandbox-dlv-\($0)") })
        #expect(outbox.captured == batch)
    }

    @Test func outboxFailureIsTransient() async {
        struct Full: Error, CustomStringConvertible { var description: String { "disk full" } }
        struct FailingOutbox: SandboxOutbox {
            func capture(_ notifications: [OutgoingNotification]) async throws { throw Full() }
        }
        let outcome = await SandboxChannel(kind: .app, outbox: FailingOutbox()).send(ChannelFixtures.notification(deliveryID: "dlv-2"))
        guard case .transient(let reason, let retryAfter) = outcome else {
            Issue.record("expected transient, got \(outcome)")
            return
        }
        #expect(reason.contains("dlv-2") && reason.contains("disk full"))
        #expect(retryAfter == nil)
    }

    @Test func outboxFailureMakesTheWholeBatchTransient() async {
        struct Full: Error {}
        struct FailingOutbox: SandboxOutbox {
            func capture(_ notifications: [OutgoingNotification]) async throws { throw Full() }
        }
        let outcomes = await SandboxChannel(kind: .app, outbox: FailingOutbox())
            .send(batch: [ChannelFixtures.notification(deliveryID: "dlv-3"), ChannelFixtures.notification(deliveryID: "dlv-4")])
        #expect(outcomes.count == 2)
        for (outcome, id) in zip(outcomes, ["dlv-3", "dlv-4"]) {
            guard case .transient(let reason, _) = outcome else {
                Issue.record("expected transient, got \(outcome)")
                continue
            }
            #expect(reason.contains(id))
        }
    }
}
