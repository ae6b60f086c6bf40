import Foundation
import GovPushDomain
import GovPushKafka
import GovPushMessaging

/// Publishes validated events to `govpush.events` (CloudEvents binary mode, keyed by the aggregate id):
/// the one code path of `govpush publish` and the HTTP ingest endpoint. Invalid events are refused with
/// every issue and never reach Kafka.
public struct EventPublisher: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case invalid(EventValidationError)
        case kafka(KafkaError)

        public var description: String {
            switch self {
            case .invalid(let error): error.description
            case .kafka(let error): "publishing failed: \(error)"
            }
        }
    }

    private let producer: KafkaProducer
    private let reference: ReferenceCatalogs
    private let topic: String

    public init(producer: KafkaProducer, reference: ReferenceCatalogs, topic: String = GovPushTopics.events) {
        self.producer = producer
        self.reference = reference
        self.topic = topic
    }

    /// Validates and publishes; returns the envelope as written (its id is what republishing reuses).
    @discardableResult
    public func publish(_ submission: EventSubmission) async throws(Failure) -> CloudEvent {
        let accepted: (envelope: CloudEvent, event: GovEvent)
        do { accepted = try submission.validated(against: reference) } catch { throw .invalid(error) }
        let record = accepted.event.kafkaRecord(id: accepted.envelope.id, source: accepted.envelope.source, time: accepted.envelope.time ?? Date())
        do {
            try await producer.send(KafkaProducerMessage(topic: topic, record: record))
        } catch {
            throw .kafka(error)
        }
        return accepted.envelope
    }
}
