import ArgumentParser
import Foundation
import GovPushConsumers
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushProducers
import GovPushStore
import Logging
import ServiceLifecycle

/// `govpush bench pipeline`: one county-level event matching N subscribers, through the embedded cluster,
/// the dispatcher and the app-channel deliverers to the sandbox, with a delivery record per notification in
/// a fresh SQLite store; against the bare produce + consume rate of N records of the same size on the same
/// cluster, in the same run. Counts what arrived: `lost` and `duplicates` must be 0.
struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "End-to-end notifications per second vs bare Kafka produce + consume of as many records."
    )

    @Option(help: "Subscribers the event matches.") var subscribers = 1_000_000
    @Option(help: "App-channel deliverer instances (one consumer group).") var deliverers = 2
    @Option(help: "Brokers in the embedded cluster.") var brokers = 1
    @Option(help: "Give up waiting for the notifications after this many seconds.") var timeout = 1_200
    @Flag(name: .customLong("sequential-store-ids"), help: "Also run the store alone with delivery ids ascending in write order, as time-ordered ids would be.")
    var sequentialStoreIDs = false

    static let county = "340223"  // 南陵县
    static let domain = "social-assistance"

    func validate() throws {
        guard subscribers > 0 else { throw ValidationError("--subscribers must be positive") }
        guard (1...16).contains(deliverers) else { throw ValidationError("--deliverers must be 1-16") }
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers must be 1-32") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "govpush.bench")
        logger.logLevel = .warning
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: logger)
        var layout = GovPushTopics()
        layout.replicationFactor = min(layout.replicationFactor, brokers)
        for spec in layout.specs { try cluster.createTopic(spec) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }

        let reference = try ReferenceCatalogs.bundled()
        var configuration = GovPushConfiguration()
        configuration.kafka.bootstrap = cluster.bootstrapServers
        configuration.store.url = "sqlite:" + directory.appendingPathComponent("bench.sqlite").path
        configuration.channels.mode = "sandbox"
        configuration.dataKeys = DataKeyRing.generated(id: "bench").configurationText
        let runtime = GovPushRuntime(configuration: configuration, reference: reference, logger: logger)
        let store = try await runtime.openStore()
        do {
            try await measure(cluster: cluster, store: store, configuration: configuration, reference: reference, directory: directory, logger: logger)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        withExtendedLifetime(cluster) {}
    }

    private func measure(cluster: EmbeddedKafkaCluster, store: any NotificationStore, configuration: GovPushConfiguration,
                         reference: ReferenceCatalogs, directory: URL, logger: Logger) async throws {
        let runtime = GovPushRuntime(configuration: configuration, reference: reference, logger: logger)
        note("writing \(subscribers) subscribers under \(Self.county) 南陵县 …")
        try await writeSubscribers(store)
        // The set-up's writes reach the disk now, not during the measured runs.
        try await (store as? SQLiteNotificationStore)?.checkpoint()
        sync()
        let recordSize = try sampleJobSize()

        note("bare: produce + consume \(subscribers) records of \(recordSize) bytes …")
        let bare = try await BareKafkaRun(bootstrap: cluster.bootstrapServers, count: subscribers, size: recordSize).run(on: cluster)

        note("store only: \(subscribers) delivery records and sandbox captures …")
        var storeOnly = configuration
        storeOnly.store.url = "sqlite:" + directory.appendingPathComponent("store-only.sqlite").path
        let storeOnlyRun = try await storeOnlyPhase(configuration: storeOnly, reference: reference, logger: logger)
        sync()
        var sequentialRun: PhaseClock.Elapsed?
        if sequentialStoreIDs {
            note("store only, sequential delivery ids: \(subscribers) delivery records and sandbox captures …")
            storeOnly.store.url = "sqlite:" + directory.appendingPathComponent("store-only-sequential.sqlite").path
            sequentialRun = try await storeOnlyPhase(configuration: storeOnly, reference: reference, deliveryIDs: .sequential, logger: logger)
            sync()
        }
        // peak_rss_bytes is the pipeline's, not the store-only run's.
        PeakMemory.resetPeak()

        note("pipeline: one event → \(subscribers) notifications …")
        let renderer = try runtime.renderer()
        let startup = ContinuousClock.now
        let dispatcher = try await runtime.dispatcher(store: store)
        var workers: [Deliverer] = []
        for i in 0..<deliverers {
            var delivererConfiguration = configuration
            delivererConfiguration.workerID = "bench-\(i)"
            let delivererRuntime = GovPushRuntime(configuration: delivererConfiguration, reference: reference, logger: logger)
            workers.append(try await delivererRuntime.deliverer(.app, store: store, renderer: renderer))
        }
        let group = ServiceGroup(services: [dispatcher] + workers, gracefulShutdownSignals: [], logger: logger)
        let roles = workers
        try await withThrowingTaskGroup(of: (Double, PhaseClock.Elapsed, DeliveryTally)?.self) { tasks in
            tasks.addTask { try await group.run(); return nil }
            tasks.addTask {
                // Startup (loading the subscriber index, joining the groups) happens once per process, not
                // per event: the clock starts when every role has its partitions.
                try await self.waitUntilAssigned(dispatcher, roles)
                let startupSeconds = (ContinuousClock.now - startup).seconds
                let started = PhaseClock.start()
                try await self.publishEvent(bootstrap: cluster.bootstrapServers, reference: reference)
                let tally = try await self.waitForDeliveries(store)
                return (startupSeconds, started.elapsed(), tally)
            }
            let measured: (Double, PhaseClock.Elapsed, DeliveryTally)?
            do {
                measured = try await tasks.next() ?? nil
            } catch {
                // The task group waits for the roles; stop them so the error reaches the user.
                await group.triggerGracefulShutdown()
                throw error
            }
            guard let (startupSeconds, pipeline, counts) = measured else {
                throw NotReady(description: "the pipeline's roles stopped before the notifications were counted")
            }
            // The figures are final: report them before stopping the roles.
            let rate = pipeline.rate(counts.delivered), bareRate = bare.rate(subscribers), storeRate = storeOnlyRun.rate(subscribers)
            var report: [String: Any] = [
                "bench": "pipeline", "subscribers": subscribers, "deliverers": deliverers, "brokers": brokers, "record_bytes": recordSize,
                "notifications_per_s": Int(rate), "bare_per_s": Int(bareRate), "ratio": rounded(rate / bareRate),
                "store_per_s": Int(storeRate), "store_ceiling_ratio": rounded(storeRate / bareRate),
                // CPU time of the whole process per record or notification: the cores the phases share.
                "cores": ProcessInfo.processInfo.activeProcessorCount, "bare_cpu_us": rounded(bare.cpuMicroseconds(per: subscribers), 2),
                "store_cpu_us": rounded(storeOnlyRun.cpuMicroseconds(per: subscribers), 2),
                "pipeline_cpu_us": rounded(pipeline.cpuMicroseconds(per: counts.delivered), 2),
                "delivered": counts.delivered, "duplicates": counts.duplicates, "lost": subscribers - counts.delivered,
                "seconds": rounded(pipeline.seconds, 2), "startup_seconds": rounded(startupSeconds, 2), "peak_rss_bytes": PeakMemory.residentBytes(),
            ]
            if let sequentialRun {
                let sequentialRate = sequentialRun.rate(subscribers)
                report["store_sequential_ids_per_s"] = Int(sequentialRate)
                report["store_sequential_ids_ceiling_ratio"] = rounded(sequentialRate / bareRate)
                report["store_sequential_ids_cpu_us"] = rounded(sequentialRun.cpuMicroseconds(per: subscribers), 2)
            }
            try printBenchReport(report)
            // A consumer whose group coordinator stopped answering can block in librdkafka's close for good, and
            // a task group waits for it; so the stop is bounded from outside it.
            let watchdog = Task.detached {
                try await Task.sleep(for: .seconds(Self.stopLimitSeconds))
                FileHandle.standardError.write(Data("govpush bench pipeline: the roles did not stop within \(Self.stopLimitSeconds) s after the run; its figures above are complete\n".utf8))
                Foundation.exit(1)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            watchdog.cancel()
        }
    }

    static let stopLimitSeconds = 60

    private func writeSubscribers(_ store: any NotificationStore) async throws {
        // Spread over 20 townships of the county (12-digit codes: county + township + 000).
        let townships = try (1...20).map { try RegionCode("\(Self.county)\(String(format: "%03d", 100 + $0))000") }
        let domain = try DomainID(Self.domain)
        let now = Date()
        for i in 0..<subscribers {
            let subscriber = try Subscriber(
                id: SubscriberID("bench-\(i)"), regions: [SubscribedRegion(townships[i % townships.count], role: .home)],
                domains: [domain], channels: [.app(userID: AppUserID("wst-\(i)"))], quietHours: nil)
            try await store.upsertSubscriber(subscriber, at: now)
            if (i + 1) % 200_000 == 0 { note("  \(i + 1) subscribers") }
        }
    }

    /// The store-only run, on a fresh store of its own next to the pipeline's, the subscribers in the order
    /// the dispatcher fans out to them: township by township, each in subscriber-id order.
    private func storeOnlyPhase(configuration: GovPushConfiguration, reference: ReferenceCatalogs,
                                deliveryIDs: StoreOnlyRun.DeliveryIDs = .hashed, logger: Logger) async throws -> PhaseClock.Elapsed {
        let store = try await GovPushRuntime(configuration: configuration, reference: reference, logger: logger).openStore()
        let byID = (0..<subscribers).map { ("bench-\($0)", $0) }.sorted { $0.0 < $1.0 }
        let ids = try (0..<20).flatMap { township in try byID.filter { $0.1 % 20 == township }.map { try SubscriberID($0.0) } }
        do {
            let batch = DelivererConfiguration(bootstrapServers: configuration.kafka.bootstrap ?? "", channel: .app).batchSize
            let elapsed = try await StoreOnlyRun(subscriberIDs: ids, batch: batch, deliveryIDs: deliveryIDs).run(on: store)
            try await store.close()
            return elapsed
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Bytes (key + value) of one delivery job record, so the bare run moves records of the same size.
    private func sampleJobSize() throws -> Int {
        let job = DeliveryJob(eventID: "bench-\(UUID().uuidString.lowercased())", eventType: .policyPublished,
                              subscriberID: try SubscriberID("bench-\(subscribers - 1)"), channel: .app, isUrgent: false)
        let record = job.record()
        return record.value.count + (record.key?.count ?? 0)
    }

    private func publishEvent(bootstrap: String, reference: ReferenceCatalogs) async throws {
        let data: [String: Any] = [
            "policyId": "bench-policy", "title": "南陵县关于调整城乡居民最低生活保障标准的通知", "documentNumber": "南政办〔2026〕1号",
            "issuingBody": "南陵县人民政府办公室", "issueDate": "2026-11-20", "validity": ["status": "有效"],
            "domains": [Self.domain], "keywords": ["最低生活保障"], "region": Self.county, "disclosureAttribute": "proactive",
            "url": "https://disclosure.example.org/340223/policies/bench",
        ]
        let producer = try await KafkaProducer.connect(KafkaProducerConfiguration(bootstrapServers: bootstrap))
        defer { Task { await producer.close() } }
        let body = try JSONSerialization.data(withJSONObject: data)
        _ = try await EventPublisher(producer: producer, reference: reference)
            .publish(EventSubmission(type: .policyPublished, body: Array(body), source: "urn:govpush:bench"))
    }

    struct DeliveryTally { var delivered: Int; var duplicates: Int }

    struct NotReady: Error, CustomStringConvertible { let description: String }

    /// Waits (at most `timeout`) until the dispatcher, which loads its index before it joins, and every
    /// deliverer have partitions: a rebalance mid-run would be measured as a pause of the pipeline.
    private func waitUntilAssigned(_ dispatcher: Dispatcher, _ workers: [Deliverer]) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while !(dispatcher.isAssigned && workers.allSatisfy(\.hasDeliveryPartitions)) {
            guard ContinuousClock.now < deadline else { throw NotReady(description: "the pipeline's roles had no partitions after \(timeout) s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Polls the store's delivery counts until every notification is final (or the timeout passes). Each
    /// poll counts every delivery record on the store's one connection, so it is not done too often.
    private func waitForDeliveries(_ store: any NotificationStore) async throws -> DeliveryTally {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var delivered = 0, final = 0, lastReport = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let asked = ContinuousClock.now
            let counts = try await store.deliveryCounts()
            let took = ContinuousClock.now - asked
            delivered = counts.filter { $0.status == .delivered }.reduce(0) { $0 + $1.count }
            final = counts.filter { $0.status.isFinal }.reduce(0) { $0 + $1.count }
            if final >= subscribers { break }
            if ContinuousClock.now - lastReport > .seconds(5) {
                note("  \(delivered) delivered")
                lastReport = .now
            }
            // At least 250 ms, and ten times what the count took: polling holds the store under a tenth of the time.
            try await Task.sleep(for: max(.milliseconds(250), took * 10))
        }
        let captured = try await store.sandboxTally()
        return DeliveryTally(delivered: delivered, duplicates: max(0, captured.messages - captured.distinctDeliveries))
    }
}
