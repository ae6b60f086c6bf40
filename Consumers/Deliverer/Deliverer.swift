import Foundation
import GovPushChannels
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushStore
import Logging
import ServiceLifecycle

/// The deliverer role for one channel: consumes its delivery topic and retry tiers, claims each delivery
/// in the store, sends through the channel, records the outcome, and publishes it to
/// `govpush.delivery-status`. Transient failures go to a retry tier with backoff; permanent ones fall back
/// to the subscriber's next channel; exhausted and unreadable jobs go to the dead-letter topic, and the
/// partition keeps flowing. Offsets are committed only after outcomes are recorded and follow-ups produced.
public final class Deliverer: Service {
    let configuration: DelivererConfiguration
    private let channel: any NotificationChannel
    let store: any NotificationStore
    private let reference: ReferenceCatalogs
    private let renderer: NotificationRenderer
    private let producer: KafkaProducer
    private let consumers: [(consumer: KafkaConsumer, tier: Int?)]
    private let events = EventCache()
    let rateLimit: TokenBucket?
    /// Whether the channel captures into this deliverer's own store (the sandbox in `govpush dev`): first
    /// deliveries then skip the claim (Deliverer+SandboxDelivery.swift).
    private let capturesInOwnStore: Bool
    /// Jobs claimed, sent and completed together: a whole fetched batch for a batch channel; otherwise four
    /// rounds of concurrent sends, so that even slow provider calls finish well within the claims' lease;
    /// under a rate limit, no more than it lets out in a third of the lease.
    private let claimSize: Int
    private let quietHours = QuietHoursRule()
    let clock: @Sendable () -> Date
    let logger: Logger

    public static func start(
        _ configuration: DelivererConfiguration, channel: any NotificationChannel, store: any NotificationStore,
        reference: ReferenceCatalogs, renderer: NotificationRenderer,
        clock: @escaping @Sendable () -> Date = Date.init, logger: Logger? = nil
    ) async throws -> Deliverer {
        let logger = logger ?? Logger(label: "govpush.deliverer.\(configuration.channel.rawValue)")
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: configuration.bootstrapServers)
        producerConfiguration.properties = configuration.kafkaProperties
        let producer = try await KafkaProducer.connect(producerConfiguration, logger: logger)
        var consumers: [(KafkaConsumer, Int?)] = []
        do {
            let tiers: [Int?] = [nil] + GovPushTopics.retryDelays.indices.map { $0 }
            for tier in tiers {
                let topic = tier.map { GovPushTopics.retry(configuration.channel, tier: $0) } ?? GovPushTopics.deliveries(configuration.channel)
                var consumer = KafkaConsumerConfiguration(
                    bootstrapServers: configuration.bootstrapServers,
                    groupID: tier.map { "\(configuration.groupID)-retry-\($0 + 1)" } ?? configuration.groupID,
                    topics: [topic]
                )
                consumer.properties = configuration.kafkaProperties
                consumer.fetchBatchSize = configuration.batchSize
                if let tier {
                    // Retry tiers have few partitions, so some members of their groups never get one, and
                    // librdkafka 2.0.2 aborts destroying a never-assigned cooperative-sticky consumer (#4312).
                    consumer.assignmentStrategy = .range
                    // A retry consumer waits up to its tier's delay between fetches.
                    consumer.maxPollInterval = GovPushTopics.retryDelays[tier] * 2 + .seconds(300)
                }
                consumers.append((try await KafkaConsumer.connect(consumer, logger: logger), tier))
            }
        } catch {
            for (consumer, _) in consumers { try? await consumer.close() }
            await producer.close()
            throw error
        }
        return Deliverer(configuration: configuration, channel: channel, store: store, reference: reference, renderer: renderer,
                         producer: producer, consumers: consumers, clock: clock, logger: logger)
    }

    private init(configuration: DelivererConfiguration, channel: any NotificationChannel, store: any NotificationStore, reference: ReferenceCatalogs,
                 renderer: NotificationRenderer, producer: KafkaProducer, consumers: [(consumer: KafkaConsumer, tier: Int?)],
                 clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.configuration = configuration
        self.channel = channel
        self.store = store
        self.reference = reference
        self.renderer = renderer
        self.producer = producer
        self.consumers = consumers
        self.rateLimit = configuration.rateLimit.map { TokenBucket(ratePerSecond: $0.perSecond, burst: $0.burst) }
        let unpaced = channel is any BatchNotificationChannel ? configuration.batchSize : configuration.concurrency * 4
        let paced = configuration.rateLimit.map { Int($0.perSecond * configuration.lease.seconds / 3) } ?? unpaced
        self.claimSize = max(1, min(unpaced, paced))
        self.capturesInOwnStore = ((channel as? SandboxChannel)?.outbox as? StoreSandboxOutbox)?.writes(to: store) == true
        self.clock = clock
        self.logger = logger
    }

    /// Whether the groups gave this process partitions of the delivery topic or a retry tier (for /readyz).
    public var isAssigned: Bool { consumers.contains { (try? $0.consumer.assignment())?.isEmpty == false } }

    /// Whether this process has partitions of the channel's delivery topic itself: once every member of the
    /// group has, the group is settled and no rebalance is pending for it.
    public var hasDeliveryPartitions: Bool {
        consumers.contains { $0.tier == nil && (try? $0.consumer.assignment())?.isEmpty == false }
    }

    /// Delivers until graceful shutdown or cancellation, then commits, leaves the groups and flushes.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.deliverBatches() }
        } catch is CancellationError {
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// The delivery topic and each retry tier, in parallel.
    private func deliverBatches() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (consumer, tier) in consumers {
                group.addTask {
                    for try await batch in consumer.batches {
                        for start in stride(from: 0, to: batch.count, by: self.claimSize) {
                            try await self.process(Array(batch[start..<min(start + self.claimSize, batch.count)]), tier: tier)
                        }
                        consumer.storeProcessed(batch, logger: self.logger)
                        try await consumer.commitOrDefer(logger: self.logger)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Commits, leaves the groups and flushes. Idempotent.
    public func shutdown() async {
        for (consumer, _) in consumers {
            do { try await consumer.close() } catch { logger.error("closing a delivery consumer failed", metadata: ["error": "\(error)"]) }
        }
        await producer.close()
    }

    /// Handles one fetched batch end to end; returns when its outcomes are recorded and follow-ups produced.
    func process(_ messages: [KafkaConsumerMessage], tier: Int?) async throws {
        var followUps: [KafkaProducerMessage] = []
        var jobs: [DeliveryJob] = []
        var replayed: [DeliveryKey] = []
        for message in messages {
            do {
                let job = try DeliveryJobCodec.decode(message.value)
                jobs.append(job)
                if message.headers.contains(where: { $0.name == DeadLetter.replayedHeader }) {
                    replayed.append(DeliveryKey(eventID: job.eventID, subscriberID: job.subscriberID, channel: job.channel))
                }
            } catch {
                followUps.append(DeadLetter(message, reason: error.description, at: clock()).record)
            }
        }
        // An operator replayed these from the DLQ after a fix: give them a fresh round of attempts.
        if !replayed.isEmpty { try await store.reopenDeadLettered(replayed, at: clock()) }
        if let tier { jobs = try await dueJobs(jobs, tier: tier, requeue: &followUps) }
        // A retry's delivery has a record already: only the delivery topic brings first deliveries.
        var read: [SubscriberID: Subscriber] = [:]
        if capturesInOwnStore, tier == nil { (jobs, read) = try await deliverFirstToSandbox(jobs, followUps: &followUps) }
        let keys = jobs.map { DeliveryKey(eventID: $0.eventID, subscriberID: $0.subscriberID, channel: $0.channel) }
        let claims = keys.isEmpty ? [:] : try await store.claim(keys, by: configuration.workerID, now: clock(), lease: configuration.lease)
        var claimed: [(job: DeliveryJob, key: DeliveryKey, attempt: Int)] = []
        var finished: [(job: DeliveryJob, key: DeliveryKey)] = []
        for (job, key) in zip(jobs, keys) {
            switch claims[key] {
            case .claimed(let attempt):
                claimed.append((job, key, attempt))
            case .heldElsewhere(_, let until):
                // Its holder may have died mid-send (SIGKILL, lost partition): look again once the lease
                // ends. If the holder finished, the claim then finds it final and skips it.
                var later = job
                later.notBefore = until
                followUps.append(later.record(topic: GovPushTopics.retry(job.channel, tier: 0)))
            case .alreadyFinal:
                finished.append((job, key))
            case nil:
                break
            }
        }
        followUps += try await followUpsOfFinished(finished, in: messages)
        // Subscribers the sandbox path read already are not read again (e.g. a fan-out deferred by quiet hours).
        let unread = Set(claimed.map(\.job.subscriberID)).filter { read[$0] == nil }
        let subscribers = unread.isEmpty ? read : read.merging(try await store.subscribers(Array(unread))) { _, reread in reread }
        var completions: [(key: DeliveryKey, completion: DeliveryCompletion)] = []
        let outcomes = try await attempt(claimed.map { ($0.job, $0.key) }, subscribers: subscribers)
        let now = clock()
        for ((job, key, attempt), outcome) in zip(claimed, outcomes) {
            let (completion, followUp) = decide(job, attempt: attempt, outcome: outcome, now: now)
            completions.append((key, completion))
            followUps.append(statusRecord(key, completion: completion, attempt: attempt, at: now))
            if let followUp { followUps.append(followUp) }
        }
        if !completions.isEmpty {
            try await store.complete(completions, by: configuration.workerID, at: now)
            var outcomes: [String: Int] = [:]
            for (_, completion) in completions { outcomes[completion.status.rawValue, default: 0] += 1 }
            PipelineMetrics.notifications(channel: configuration.channel.rawValue, outcomes: outcomes)
        }
        if !followUps.isEmpty { try await producer.send(batch: followUps).check() }
    }

    /// Waits (at most the tier's delay) for jobs in a retry tier to come due; jobs still not due go back
    /// to the tier, so a long deferral never holds up the partition.
    private func dueJobs(_ jobs: [DeliveryJob], tier: Int, requeue: inout [KafkaProducerMessage]) async throws -> [DeliveryJob] {
        let latest = jobs.compactMap(\.notBefore).max() ?? clock()
        let wait = min(latest.timeIntervalSince(clock()), GovPushTopics.retryDelays[tier].seconds)
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        let now = clock()
        var due: [DeliveryJob] = []
        for job in jobs {
            if let notBefore = job.notBefore, notBefore > now {
                requeue.append(job.record(topic: GovPushTopics.retry(job.channel, tier: tier)))
            } else {
                due.append(job)
            }
        }
        return due
    }

    /// Prepares each claimed job and sends what is ready through the channel; outcomes in input order.
    private func attempt(_ jobs: [(job: DeliveryJob, key: DeliveryKey)], subscribers: [SubscriberID: Subscriber]) async throws -> [Attempt] {
        var results: [Attempt] = []
        results.reserveCapacity(jobs.count)
        var ready: [(index: Int, notification: OutgoingNotification)] = []
        for (index, (job, key)) in jobs.enumerated() {
            switch try await prepare(job, key: key, subscriber: subscribers[job.subscriberID]) {
            case .ready(let notification):
                results.append(.failed("not attempted"))
                ready.append((index, notification))
            case .settled(let attempt):
                results.append(attempt)
            }
        }
        let outcomes = try await send(ready.map(\.notification))
        for ((index, _), outcome) in zip(ready, outcomes) { results[index] = .sent(outcome) }
        return results
    }

    /// What happened to one job before any retry decision.
    enum Attempt: Equatable {
        case sent(ChannelOutcome)
        case deferred(until: Date)
        /// Not sendable on this channel at all (no subscriber, no address, no event): no retry.
        case failed(String)
    }

    /// A job ready for the channel, or the reason it is not sent now.
    enum Preparation {
        case ready(OutgoingNotification)
        case settled(Attempt)
    }

    func prepare(_ job: DeliveryJob, key: DeliveryKey, subscriber: Subscriber?) async throws -> Preparation {
        guard let subscriber else { return .settled(.failed("subscriber \(job.subscriberID) no longer exists")) }
        guard let address = subscriber.channels.first(where: { $0.kind == job.channel }) else {
            return .settled(.sent(.permanent(reason: "subscriber has no \(job.channel) address")))
        }
        guard let event = try await events.event(job.eventID, store: store, reference: reference) else {
            return .settled(.failed("event \(job.eventID) is not in the store"))
        }
        if let until = quietHours.deferral(channel: job.channel, isUrgent: job.isUrgent, quietHours: subscriber.quietHours, now: clock()) {
            return .settled(.deferred(until: until))
        }
        let message: RenderedMessage
        do {
            message = try events.message(event, eventID: job.eventID, subscriberID: job.subscriberID, channel: job.channel, renderer: renderer)
        } catch {
            return .settled(.sent(.permanent(reason: "cannot render: \(error)")))
        }
        return .ready(OutgoingNotification(
            deliveryID: key.deliveryID, eventID: job.eventID, eventType: job.eventType, subscriberID: job.subscriberID,
            address: address, message: message, isUrgent: job.isUrgent
        ))
    }

    /// Sends under the rate limit (a token per notification): a batch channel gets the whole batch in one
    /// call, any other channel up to `concurrency` single sends at once. Outcomes in input order.
    private func send(_ notifications: [OutgoingNotification]) async throws -> [ChannelOutcome] {
        guard !notifications.isEmpty else { return [] }
        if let batchChannel = channel as? any BatchNotificationChannel {
            if let rateLimit { for _ in notifications { try await rateLimit.acquire() } }
            return await batchChannel.send(batch: notifications)
        }
        var outcomes = [ChannelOutcome](repeating: .permanent(reason: "not sent"), count: notifications.count)
        try await withThrowingTaskGroup(of: (Int, ChannelOutcome).self) { group in
            var next = 0, running = 0
            while next < notifications.count || running > 0 {
                while running < configuration.concurrency, next < notifications.count {
                    let index = next, notification = notifications[index]
                    group.addTask {
                        try await self.rateLimit?.acquire()
                        return (index, await self.channel.send(notification))
                    }
                    next += 1
                    running += 1
                }
                if let (index, outcome) = try await group.next() {
                    outcomes[index] = outcome
                    running -= 1
                }
            }
        }
        return outcomes
    }

    /// The recorded completion and the follow-up record (retry, fallback or dead letter), if any.
    private func decide(_ job: DeliveryJob, attempt: Int, outcome: Attempt, now: Date) -> (DeliveryCompletion, KafkaProducerMessage?) {
        switch outcome {
        case .sent(.delivered(let reference)):
            return (.delivered(providerReference: reference), nil)
        case .deferred(let until):
            var later = job
            later.notBefore = until
            let tier = GovPushTopics.retryDelays.count - 1
            return (.deferred(reason: "quiet hours", until: until), later.record(topic: GovPushTopics.retry(job.channel, tier: tier)))
        case .sent(.transient(let reason, let retryAfter)):
            switch configuration.retry.decide(afterAttempts: attempt, retryAfter: retryAfter, now: now) {
            case .retry(let tier, let notBefore):
                var retry = job
                retry.retry += 1
                retry.notBefore = notBefore
                return (.retrying(reason: reason, nextAttemptAt: notBefore), retry.record(topic: GovPushTopics.retry(job.channel, tier: tier)))
            case .exhausted:
                let reason = "gave up after \(attempt) attempts: \(reason)"
                return (.deadLettered(reason: reason), deadLetterRecord(job, reason: reason, at: now))
            }
        case .sent(.permanent(let reason)):
            // The next channel in the subscriber's order, if any (e.g. WeChat without a grant, then SMS).
            return (.failed(reason: reason), job.fallingBack().map { $0.record() })
        case .failed(let reason):
            return (.failed(reason: reason), nil)
        }
    }

    func deadLetterRecord(_ job: DeliveryJob, reason: String, at: Date) -> KafkaProducerMessage {
        let original = job.record()
        return DeadLetter(reason: reason, sourceTopic: original.topic, at: at, key: original.key, value: original.value).record
    }

    func statusRecord(_ key: DeliveryKey, completion: DeliveryCompletion, attempt: Int, at: Date) -> KafkaProducerMessage {
        let (status, reason, reference): (DeliveryStatus, String?, String?) = switch completion {
        case .delivered(let reference): (.delivered, nil, reference)
        case .retrying(let reason, _): (.retrying, reason, nil)
        case .deferred(let reason, _): (.deferred, reason, nil)
        case .failed(let reason): (.failed, reason, nil)
        case .deadLettered(let reason): (.deadLettered, reason, nil)
        }
        return DeliveryStatusRecord(deliveryID: key.deliveryID, eventID: key.eventID, subscriberID: key.subscriberID.rawValue,
                                    channel: key.channel.rawValue, status: status.rawValue, attempt: attempt,
                                    reason: reason, providerReference: reference, at: at).record
    }
}
