import Foundation
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushProducers
import GovPushTesting
import Testing

@Suite struct EventPublisherTests {
    let reference = try! ReferenceCatalogs.bundled()

    @Test func publishesAStructuredCloudEventInBinaryModeKeyedByAggregate() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 3)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let publisher = EventPublisher(producer: producer, reference: reference, topic: topic)
        let body = try RepositoryFiles.bytes("docs/schemas/examples/policy-published-wuhu.json")
        let envelope = try await publisher.publish(EventSubmission(type: .policyPublished, body: body))
        #expect(envelope.id == "0f4c2a9e-policy-wuhu-47")
        await producer.close()

        let consumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [topic]))
        var iterator = consumer.messages.makeAsyncIterator()
        let message = try #require(try await iterator.next())
        try await consumer.close()
        #expect(message.key == Array("wuhu-wzbm-2020-47".utf8))
        #expect(message.headers.string("ce_type") == "cn.gov.disclosure.policy.published")
        #expect(message.headers.string("ce_id") == "0f4c2a9e-policy-wuhu-47")
        let received = try ReceivedEvent(kafkaRecord: KafkaRecordView(message), reference: reference)
        #expect(received.mode == .binary)
        guard case .policyPublished(let policy) = received.event else { Issue.record("not a policy: \(received.event)"); return }
        #expect(policy.documentNumber == "芜政办秘〔2020〕47号")
    }

    @Test func wrapsBareDataInAnEnvelopeWithTheGivenID() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 1)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let structured = try JSONSerialization.jsonObject(with: Data(try RepositoryFiles.bytes("docs/schemas/examples/incident-reported-xuancheng.json"))) as! [String: Any]
        let data = Array(try JSONSerialization.data(withJSONObject: structured["data"]!))
        let envelope = try await EventPublisher(producer: producer, reference: reference, topic: topic)
            .publish(EventSubmission(type: .incidentReported, body: data, id: "incident-evt-1", source: "/ops/341800"))
        await producer.close()
        #expect(envelope.id == "incident-evt-1" && envelope.source == "/ops/341800")
        #expect(envelope.type == EventType.incidentReported.rawValue)
    }

    @Test func refusesInvalidEventsWithEveryIssueAndPublishesNothing() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 1)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let publisher = EventPublisher(producer: producer, reference: reference, topic: topic)
        let body = Array(#"{"policyId":"p1","title":"","disclosureAttribute":"依申请公开","region":"340299","domains":["no-such-domain"]}"#.utf8)
        do {
            try await publisher.publish(EventSubmission(type: .policyPublished, body: body))
            Issue.record("an invalid policy was published")
        } catch {
            guard case .invalid(let refusal) = error else { Issue.record("unexpected \(error)"); return }
            let paths = Set(refusal.issues.map(\.path))
            for path in ["data.documentNumber", "data.issuingBody", "data.disclosureAttribute", "data.region", "data.domains[0]"] {
                #expect(paths.contains(path), "no issue for \(path): \(refusal)")
            }
        }
        // A structured event whose type is not the command's kind is refused too.
        let incident = try RepositoryFiles.bytes("docs/schemas/examples/incident-reported-xuancheng.json")
        await #expect(throws: EventPublisher.Failure.self) { try await publisher.publish(EventSubmission(type: .policyPublished, body: incident)) }
        await #expect(throws: EventPublisher.Failure.self) { try await publisher.publish(EventSubmission(type: .policyPublished, body: Array("{not json".utf8))) }
        await producer.close()

        let admin = try await KafkaAdmin.connect(bootstrapServers: cluster.bootstrapServers)
        #expect(try await admin.highWatermarks(topic: topic).values.reduce(0, +) == 0)
        await admin.close()
    }
}
