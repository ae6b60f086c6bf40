import GovPushKafka
import GovPushTesting
import Testing

/// Misconfiguration fails fast with librdkafka's reason, and nothing hangs.
@Suite struct BadInputTests {
    @Test func unknownPropertyIsNamed() async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties = ["no.such.property": "1"]
        let error = await #expect(throws: KafkaError.self) { try await KafkaProducer.connect(configuration) }
        #expect(error?.message.hasPrefix("unknown configuration property \"no.such.property\"") == true)
    }

    @Test func invalidValueIsNamed() async throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1", groupID: "g", topics: ["t"])
        configuration.properties = ["session.timeout.ms": "banana"]
        let error = await #expect(throws: KafkaError.self) { try await KafkaConsumer.connect(configuration) }
        #expect(error?.message.hasPrefix("invalid value for configuration property \"session.timeout.ms\"") == true)
    }

    @Test func unreachableBootstrapFailsWithinTheConnectTimeout() async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.connectTimeout = .seconds(2)
        let started = ContinuousClock.now
        let error = await #expect(throws: KafkaError.self) { try await KafkaProducer.connect(configuration) }
        #expect(error?.message.contains("cannot reach Kafka at 127.0.0.1:1 within 2.0 seconds") == true)
        #expect(ContinuousClock.now - started < .seconds(60), "connect must give up, not hang")

        var consumer = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1", groupID: "g", topics: ["t"])
        consumer.connectTimeout = .seconds(2)
        await #expect(throws: KafkaError.self) { try await KafkaConsumer.connect(consumer) }
    }

    @Test func consumingAMissingTopicIsRefused() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let error = await #expect(throws: KafkaError.self) {
            try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: ["govpush.no-such-topic"]))
        }
        #expect(error?.name == "UNKNOWN_TOPIC_OR_PART")
        #expect(error?.message.contains("govpush.no-such-topic") == true)
    }

    @Test func producingToAMissingTopicFails() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerMessage(topic: "govpush.no-such-topic", key: nil, value: "x"))
        }
        #expect(error?.name == "UNKNOWN_TOPIC_OR_PART")
        #expect(error?.message.contains("govpush.no-such-topic") == true)
        await producer.close()
    }

    @Test func aClosedProducerRefusesToSend() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic()
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        await producer.close()
        await #expect(throws: KafkaError.self) { try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "x")) }
    }
}
