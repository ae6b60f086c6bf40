import GovPushDomain
import GovPushKafka

extension KafkaRecordView {
    /// The domain's view of a consumed record (the domain core does no Kafka I/O itself).
    public init(_ message: KafkaConsumerMessage) {
        self.init(key: message.key, value: message.value, headers: message.headers.map { RecordHeader($0.name, $0.value) })
    }
}

extension KafkaProducerMessage {
    /// A record to produce from the domain's view of it.
    public init(topic: String, record: KafkaRecordView) {
        self.init(topic: topic, key: record.key, value: record.value, headers: record.headers.map { KafkaHeader(name: $0.name, value: $0.value) })
    }
}
