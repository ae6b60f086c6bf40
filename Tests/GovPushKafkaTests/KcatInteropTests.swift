import Foundation
import GovPushKafka
import GovPushTesting
import Testing

/// kcat is an independent client: what it writes, GovPush reads, and the other way round.
@Suite struct KcatInteropTests {
    @Test func swiftConsumesWhatKcatProduces() async throws {
        let kcat = try Kcat()
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 2)
        let lines = (0..<20).map { "case-\($0 % 4):进度 \($0)" }.joined(separator: "\n") + "\n"
        try kcat.run(["-P", "-b", cluster.bootstrapServers, "-t", topic, "-K", ":", "-H", "ce_type=cn.gov.disclosure.service.progress"], input: Data(lines.utf8))

        let consumer = try await KafkaConsumer.connect(cluster.consumerConfiguration(topics: [topic]))
        var received: [String: [String]] = [:]
        for message in try await consumer.next(20) {
            #expect(message.headers.string("ce_type") == "cn.gov.disclosure.service.progress")
            received[String(decoding: message.key ?? [], as: UTF8.self), default: []].append(String(decoding: message.value, as: UTF8.self))
        }
        try await consumer.close()
        #expect(received["case-1"] == ["进度 1", "进度 5", "进度 9", "进度 13", "进度 17"])
        #expect(received.count == 4)
    }

    @Test func kcatConsumesWhatSwiftProduces() async throws {
        let kcat = try Kcat()
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topic = try cluster.makeTopic(partitions: 1)
        let producer = try await KafkaProducer.connect(cluster.producerConfiguration())
        let messages = (0..<10).map {
            KafkaProducerMessage(topic: topic, key: "policy-\($0)", value: "芜政办秘〔2020〕\($0)号", headers: [KafkaHeader(name: "ce_id", string: "evt-\($0)")])
        }
        try await producer.send(batch: messages).check()
        await producer.close()

        let output = try kcat.run(["-C", "-b", cluster.bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k|%s|%h\\n"])
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines == (0..<10).map { "policy-\($0)|芜政办秘〔2020〕\($0)号|ce_id=evt-\($0)" })
    }
}
