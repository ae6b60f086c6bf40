import Foundation
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushStore
import Logging
import ServiceLifecycle

/// The window tracker role (时限跟踪): reads `govpush.events` in its own consumer group, opens response
/// windows for incidents and policies and closes them on responses and interpretations, in any order.
///
/// A record's offset is committed only after its windows are written, so a crash replays it; opening and
/// closing are idempotent in the store. Unreadable events, and policies in years the holiday calendar does
/// not cover, go to the dead-letter topic with the reason. Each change wakes the alert scheduler.
public final class WindowTracker: Service {
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let store: any WindowStore
    private let reference: ReferenceCatalogs
    private let rules: ResponseWindowRules
    private let configuration: WindowTrackerConfiguration
    private let wakeup: AlertWakeup
    private let clock: any WindowClock
    private let logger: Logger

    public static func start(
        _ configuration: WindowTrackerConfiguration, store: any WindowStore, reference: ReferenceCatalogs,
        wakeup: AlertWakeup, clock: any WindowClock = SystemWindowClock(), logger: Logger = Logger(label: "govpush.windows")
    ) async throws -> WindowTracker {
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: configuration.bootstrapServers,
                                                               groupID: configuration.groupID, topics: [GovPushTopics.events])
        consumerConfiguration.properties = configuration.kafkaProperties
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: configuration.bootstrapServers)
        producerConfiguration.properties = configuration.kafkaProperties
        let producer = try await KafkaProducer.connect(producerConfiguration, logger: logger)
        let consumer: KafkaConsumer
        do { consumer = try await KafkaConsumer.connect(consumerConfiguration, logger: logger) } catch {
            await producer.close()
            throw error
        }
        return WindowTracker(consumer: consumer, producer: producer, store: store, reference: reference,
                             configuration: configuration, wakeup: wakeup, clock: clock, logger: logger)
    }

    private init(consumer: KafkaConsumer, producer: KafkaProducer, store: any WindowStore, reference: ReferenceCatalogs,
                 configuration: WindowTrackerConfiguration, wakeup: AlertWakeup, clock: any WindowClock, logger: Logger) {
        self.consumer = consumer
        self.producer = producer
        self.store = store
        self.reference = reference
        self.rules = ResponseWindowRules(calendar: reference.calendar)
        self.configuration = configuration
        self.wakeup = wakeup
        self.clock = clock
        self.logger = logger
    }

    /// Tracks until graceful shutdown or cancellation, then commits, leaves the group and flushes.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                for try await message in self.consumer.messages {
                    try await self.track(message)
                    self.consumer.storeProcessed([message], logger: self.logger)
                    try await self.consumer.commitOrDefer(logger: self.logger)
                }
            }
        } catch is CancellationError {
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Commits, leaves the group and flushes. Idempotent.
    public func shutdown() async {
        do { try await consumer.close() } catch { logger.error("closing the events consumer failed", metadata: ["error": "\(error)"]) }
        await producer.close()
    }

    func track(_ message: KafkaConsumerMessage) async throws {
        let received: ReceivedEvent
        do {
            received = try ReceivedEvent(kafkaRecord: KafkaRecordView(message), reference: reference)
        } catch {
            try await deadLetter(message, reason: error.description)
            return
        }
        let now = clock.now()
        let eventID = received.envelope.id, eventTime = received.envelope.time ?? now
        let opened: [ResponseWindow]
        do { opened = try rules.windowsOpened(by: received.event, eventID: eventID, eventTime: eventTime) } catch {
            try await deadLetter(message, reason: "event \(eventID): \(error)")
            return
        }
        var changed = false
        for window in opened {
            let result = try await store.openWindow(window, alerts: configuration.alertPlan.alerts(for: window, now: now), at: now)
            switch result {
            case .opened(let stored):
                changed = true
                logger.info("window opened", metadata: ["window": "\(stored.id)", "kind": "\(stored.kind)", "due": "\(stored.dueAt)",
                                                        "closed": "\(stored.isClosed)"])
            case .openedAlreadyClosed(let stored):
                changed = true
                logger.info("window opened and closed by an earlier response", metadata: ["window": "\(stored.id)"])
            case .existing(let stored):
                logger.debug("window already open", metadata: ["window": "\(stored.id)", "event.id": "\(eventID)"])
            }
        }
        if let closure = rules.closure(by: received.event, eventID: eventID, eventTime: eventTime) {
            switch try await store.closeWindow(closure, at: now) {
            case .closed(let window, let cancelled):
                changed = true
                logger.info("window closed", metadata: ["window": "\(window.id)", "late": "\(window.wasLate)", "cancelledAlerts": "\(cancelled)"])
            case .alreadyClosed(let window):
                logger.debug("window already closed", metadata: ["window": "\(window.id)", "event.id": "\(eventID)"])
            case .remembered:
                logger.info("close remembered until its window opens", metadata: ["window": "\(closure.windowID)"])
            }
        }
        if changed { wakeup.signal() }
    }

    private func deadLetter(_ message: KafkaConsumerMessage, reason: String) async throws {
        logger.warning("event sent to the dead-letter topic",
                       metadata: ["topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
                                  "reason": "\(reason)", "consumer": "window-tracker"])
        try await producer.send(DeadLetter(message, reason: "window tracker: \(reason)", at: clock.now()).record)
    }
}
