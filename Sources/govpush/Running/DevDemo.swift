import Foundation
import GovPushDomain
import GovPushKafka
import GovPushProducers
import GovPushStore

/// `govpush dev --demo`: subscribers in the documents' regions (芜湖市/南陵县, 宣城市, 陕西省, 鄂托克前旗), one
/// event of each kind from docs/schemas/examples (with fresh ids, so every run delivers), and a printout
/// of what the sandbox captured.
struct DevDemo {
    let store: any NotificationStore
    let bootstrap: String
    let reference: ReferenceCatalogs

    static let events: [(file: String, type: EventType)] = [
        ("policy-published-wuhu", .policyPublished), ("policy-interpretation-wuhu", .policyInterpretationPublished),
        ("service-guide-changed-nanling", .serviceGuideChanged), ("incident-reported-xuancheng", .incidentReported),
        ("incident-responded-xuancheng", .incidentResponded), ("service-progress-nanling", .serviceProgress),
        ("policy-published-shaanxi", .policyPublished), ("policy-published-otog-front-banner", .policyPublished),
    ]

    /// docs/schemas/examples in the source tree `govpush dev` runs from.
    static var examples: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Sources/govpush/Running/DevDemo.swift
        return url.appendingPathComponent("docs/schemas/examples")
    }

    func run() async throws {
        guard let file = Bundle.module.url(forResource: "subscribers", withExtension: "json", subdirectory: "Demo") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "demo subscribers are missing from the build"])
        }
        let subscribers = try JSONDecoder().decode([Subscriber].self, from: Data(contentsOf: file))
        try await store.upsertSubscribers(subscribers, at: Date())
        say("demo: \(subscribers.count) subscribers in 南陵县, 芜湖市, 宣城市, 陕西省 and 鄂托克前旗")

        let producer = try await KafkaProducer.connect(KafkaProducerConfiguration(bootstrapServers: bootstrap))
        let publisher = EventPublisher(producer: producer, reference: reference)
        let before = try await store.recentSandboxMessages(limit: 1).first?.sequence ?? 0
        for (name, type) in Self.events {
            let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.examples.appendingPathComponent("\(name).json"))) as? [String: Any]
            var fields = envelope?["data"] as? [String: Any] ?? [:]
            // Response windows run from these instants: the demo's incident is detected now, so its window is
            // open (and alerts nobody yet) rather than long breached, whatever day the demo runs.
            let now = ISO8601DateFormatter().string(from: Date())
            for key in ["detectedAt", "respondedAt"] where fields[key] != nil { fields[key] = now }
            let data = try JSONSerialization.data(withJSONObject: fields)
            let event = try await publisher.publish(EventSubmission(type: type, body: Array(data), id: "demo-\(name)-\(UUID().uuidString.prefix(8).lowercased())", source: "urn:govpush:demo"))
            say("demo: published \(type) \(event.id)")
        }
        await producer.close()

        // The incident goes to ops staff (the window tracker), not to subscribers.
        let expected = 12
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)  // a loaded machine joins consumer groups slowly
        var captured: [SandboxMessage] = []
        while clock.now < deadline {
            captured = try await store.recentSandboxMessages(limit: 100).filter { ($0.sequence ?? 0) > before }
            if captured.count >= expected { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        say("demo: the sandbox captured \(captured.count) notifications:")
        for message in captured.reversed() {
            say("  [\(message.channel)] \(message.subscriberID) \(message.maskedAddress): \(message.title)")
        }
    }
}
