import Foundation
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushStore
import Logging
import ServiceLifecycle

/// The dispatcher role (匹配与分发): reads events from `govpush.events`, matches subscribers by region and
/// domain (or service item, or applicant), and writes one delivery job per subscriber to the topic of the
/// subscriber's preferred channel, the rest of their channel order riding along as fallbacks.
///
/// An event's offset is committed only once all its jobs are acknowledged, so a crash re-dispatches it;
/// deliverers' claims make the repeat harmless. Unreadable or invalid events go to the dead-letter topic.
public final class Dispatcher: Service {
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let store: any NotificationStore
    private let reference: ReferenceCatalogs
    private let targeting: EventTargeting
    private let configuration: DispatcherConfiguration
    private let backlog: DeliveryBacklog?
    private let clock: @Sendable () -> Date
    private let logger: Logger

    public static func start(
        _ configuration: DispatcherConfiguration, store: any NotificationStore, reference: ReferenceCatalogs,
        clock: @escaping @Sendable () -> Date = Date.init, logger: Logger = Logger(label: "govpush.dispatcher")
    ) async throws -> Dispatcher {
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: configuration.bootstrapServers, groupID: configuration.groupID, topics: [GovPushTopics.events])
        consumerConfiguration.properties = configuration.kafkaProperties
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: configuration.bootstrapServers)
        producerConfiguration.properties = configuration.kafkaProperties
        let producer = try await KafkaProducer.connect(producerConfiguration, logger: logger)
        let consumer: KafkaConsumer
        do { consumer = try await KafkaConsumer.connect(consumerConfiguration, logger: logger) } catch {
            await producer.close()
            throw error
        }
        return Dispatcher(consumer: consumer, producer: producer, store: store, reference: reference, configuration: configuration, clock: clock, logger: logger)
    }

    private init(consumer: KafkaConsumer, producer: KafkaProducer, store: any NotificationStore, reference: ReferenceCatalogs,
                 configuration: DispatcherConfiguration, clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.consumer = consumer
        self.producer = producer
        self.store = store
        self.reference = reference
        self.targeting = EventTargeting(domains: reference.domains)
        self.configuration = configuration
        self.backlog = configuration.maxDeliveryBacklog.map {
            DeliveryBacklog(bootstrapServers: configuration.bootstrapServers, properties: configuration.kafkaProperties, limit: $0, logger: logger)
        }
        self.clock = clock
        self.logger = logger
    }

    /// Whether the group gave this process partitions of `govpush.events` (for /readyz).
    public var isAssigned: Bool { (try? consumer.assignment())?.isEmpty == false }

    /// Dispatches until graceful shutdown or cancellation, then commits, leaves the group and flushes.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.dispatchEvents() }
        } catch is CancellationError {
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    private func dispatchEvents() async throws {
        var directory = SubscriberDirectory(domains: reference.domains)
        let skipped: (SubscriberID, any Error) -> Void = { [logger] id, error in
            logger.error("subscriber left out of the index", metadata: ["subscriber": "\(id)", "error": "\(error)"])
        }
        let loaded = try await directory.catchUp(with: store, skipped: skipped)
        logger.info("subscriber index loaded", metadata: ["subscribers": "\(directory.index.subscriberCount)", "changes": "\(loaded)"])
        for try await message in consumer.messages {
            _ = try await directory.catchUp(with: store, skipped: skipped)
            try await dispatch(message, directory: directory)
            consumer.storeProcessed([message], logger: logger)
            try await consumer.commitOrDefer(logger: logger)
        }
    }

    /// Commits, leaves the group and flushes. Idempotent.
    public func shutdown() async {
        do { try await consumer.close() } catch { logger.error("closing the events consumer failed", metadata: ["error": "\(error)"]) }
        await producer.close()
        await backlog?.close()
    }

    /// Fans one event out; returns how many jobs were written.
    @discardableResult
    func dispatch(_ message: KafkaConsumerMessage, directory: SubscriberDirectory) async throws -> Int {
        let received: ReceivedEvent
        do {
            received = try ReceivedEvent(kafkaRecord: KafkaRecordView(message), reference: reference)
        } catch {
            try await deadLetter(message, reason: error.description)
            return 0
        }
        let event = received.event
        let target: EventTargeting.Targeting?
        do { target = try targeting.targeting(event) } catch {
            try await deadLetter(message, reason: "event \(received.envelope.id): \(error)")
            return 0
        }
        let now = clock()
        // A republished id fans out again all the same: its first fan-out may have stopped part-way (the
        // offset is committed only at the end), and the deliverers' claims drop what was delivered already.
        _ = try await store.recordEvent(StoredEvent(
            id: received.envelope.id, type: event.type.rawValue, source: received.envelope.source, key: event.aggregateID,
            data: received.envelope.data ?? [], occurredAt: received.envelope.time ?? now, receivedAt: now
        ))
        PipelineMetrics.eventReceived(type: event.type.rawValue)
        guard let target else { return 0 }
        let jobs = try await fanOut(received, target: target, directory: directory)
        logger.info("event dispatched", metadata: ["event.id": "\(received.envelope.id)", "event.type": "\(event.type)", "jobs": "\(jobs)"])
        return jobs
    }

    /// One produce call's worth of jobs, with how many go to each channel (for backpressure).
    private struct JobBatch: Sendable {
        var records: [KafkaProducerMessage] = []
        var perChannel: [ChannelKind: Int] = [:]
    }

    /// Scans the index on its own thread and produces jobs batch by batch, in bounded memory.
    private func fanOut(_ received: ReceivedEvent, target: EventTargeting.Targeting, directory: SubscriberDirectory) async throws -> Int {
        let handoff = BatchHandoff<JobBatch>()
        let eventID = received.envelope.id, eventType = received.event.type, urgent = received.event.isUrgent
        let batchSize = configuration.jobBatchSize
        Thread {
            var batch = JobBatch()
            batch.records.reserveCapacity(batchSize)
            var stopped = false
            directory.index.forEachMatchBatch(target.target, kind: target.kind) { ordinals in
                guard !stopped else { return }
                for ordinal in ordinals {
                    guard let subscriberID = directory.index.subscriberID(of: ordinal) else { continue }
                    let channels = directory.plan(ordinal).channels
                    guard let channel = channels.first else { continue }
                    let job = DeliveryJob(eventID: eventID, eventType: eventType, subscriberID: subscriberID, channel: channel,
                                          fallbacks: Array(channels.dropFirst()), isUrgent: urgent)
                    batch.records.append(job.record())
                    batch.perChannel[channel, default: 0] += 1
                    if batch.records.count == batchSize {
                        stopped = !handoff.put(batch)
                        batch = JobBatch()
                        batch.records.reserveCapacity(batchSize)
                    }
                }
            }
            if !batch.records.isEmpty, !stopped { _ = handoff.put(batch) }
            handoff.finish()
        }.start()
        var produced = 0
        do {
            while let batch = try await handoff.next() {
                if let backlog {
                    for (channel, count) in batch.perChannel { try await backlog.reserve(count, for: channel) }
                }
                try await producer.send(batch: batch.records).check()
                produced += batch.records.count
            }
        } catch {
            handoff.cancel()
            throw error
        }
        return produced
    }

    private func deadLetter(_ message: KafkaConsumerMessage, reason: String) async throws {
        logger.warning("event sent to the dead-letter topic", metadata: ["topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)", "reason": "\(reason)"])
        try await producer.send(DeadLetter(message, reason: reason, at: clock()).record)
    }
}
