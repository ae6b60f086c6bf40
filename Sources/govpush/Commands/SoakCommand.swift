import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GovPushChannels
import GovPushDomain
import GovPushKafka
import GovPushMessaging
import GovPushProducers
import GovPushStore
import GovPushTools
import Logging

/// `govpush soak`: the production shape under faults, on one machine. An embedded 3-broker cluster, a
/// store, 2 dispatcher and 2 app-channel deliverer processes (this binary, `govpush worker …`) posting
/// signed webhooks to a local receiver; events matching N notifications are published, and meanwhile one
/// worker of each role is SIGKILLed and restarted and a broker goes down and comes back. Every expected
/// delivery must be applied exactly once at the receiver.
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run 2 dispatchers and 2 deliverers as processes under kills and a broker outage; count what arrives."
    )

    @Option(help: "Notifications to deliver (events × subscribers).") var notifications = 200_000
    @Option(help: "Events published; each matches notifications / events subscribers.") var events = 10
    @Option(help: "Store: sqlite:PATH or postgres://… (default: a fresh SQLite file in a temporary directory).") var store: String?
    @Option(help: "Give up after this many seconds.") var timeout = 600

    func validate() throws {
        guard notifications > 0, events > 0, notifications >= events else { throw ValidationError("--notifications and --events must be positive, notifications ≥ events") }
        guard notifications % events == 0 else { throw ValidationError("--notifications must be a multiple of --events") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let store, !(store.hasPrefix("sqlite:") || store.hasPrefix("postgres://") || store.hasPrefix("postgresql://")) {
            throw ValidationError("--store must be sqlite:PATH or postgres://…")
        }
    }

    func run() async throws {
        var logger = Logger(label: "govpush.soak")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-soak-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cluster = try EmbeddedKafkaCluster(brokers: 3, logger: logger)
        for spec in GovPushTopics().specs { try cluster.createTopic(spec) }

        var configuration = GovPushConfiguration()
        configuration.kafka.bootstrap = cluster.bootstrapServers
        configuration.store.url = storeURL(directory)
        configuration.dataKeys = DataKeyRing.generated(id: "soak").configurationText
        let runtime = GovPushRuntime(configuration: configuration, reference: try .bundled(), logger: logger)
        let perEvent = notifications / events
        let subscriberIDs = try await writeSubscribers(perEvent, runtime: runtime)
        let eventIDs = (0..<events).map { "soak-\(directory.lastPathComponent)-\($0)" }
        var expected = Set<String>()
        for eventID in eventIDs {
            for subscriber in subscriberIDs { expected.insert(DeliveryKey(eventID: eventID, subscriberID: subscriber, channel: .app).deliveryID) }
        }

        let secret = "soak-" + UUID().uuidString
        let receiver = SoakReceiver(expected: expected, secret: WebhookSecret(secret))
        let (receiverURL, receiverTask) = try await receiver.start()
        let environment = [
            "GOVPUSH_KAFKA_BOOTSTRAP": cluster.bootstrapServers, "GOVPUSH_STORE_URL": configuration.store.url!,
            "GOVPUSH_DATA_KEYS": configuration.dataKeys!, "GOVPUSH_CHANNEL_MODE": "live",
            "GOVPUSH_APP_WEBHOOK_URL": receiverURL, "GOVPUSH_APP_WEBHOOK_SECRET": secret,
        ]
        var workers: [WorkerProcess] = []
        var healthPorts: [Int] = []
        for (i, role) in [["worker", "dispatch"], ["worker", "dispatch"], ["worker", "deliver", "--channel", "app"], ["worker", "deliver", "--channel", "app"]].enumerated() {
            let name = "\(role[1])-\(i % 2 + 1)"
            guard let port = FreePort.loopback() else { throw ValidationError("no free port on 127.0.0.1 for a worker's health server") }
            healthPorts.append(port)
            // A stable worker id per slot: a restarted deliverer resumes its own claims at once.
            workers.append(WorkerProcess(name: name, arguments: role + ["--health-port", String(port)],
                                         environment: environment.merging(["GOVPUSH_WORKER_ID": "soak-\(name)"]) { $1 }, logDirectory: directory))
        }
        let statuses = SoakStatusReader(expected: expected)
        let statusTask = try await statuses.start(bootstrap: cluster.bootstrapServers, logger: logger)
        defer { statusTask.cancel() }
        for worker in workers { try worker.start() }
        defer { receiverTask.cancel() }
        do {
            try await waitUntilReady(healthPorts, workers: workers)
            note("soak: \(workers.count) workers ready; publishing \(events) events × \(perEvent) subscribers")
            let started = ContinuousClock.now
            try await publish(eventIDs, bootstrap: cluster.bootstrapServers, reference: runtime.reference)
            let chaos = try await deliverWithFaults(expected: expected.count, receiver: receiver, workers: workers, cluster: cluster)
            let seconds = (ContinuousClock.now - started).seconds
            try await Task.sleep(for: .seconds(2))  // late repeats still count
            // A status lost with a killed deliverer comes from the job's next owner, after a rebalance.
            let statusesMissing = try await statuses.missing(waitingAtMost: .seconds(120))
            note("soak: stopping the workers")
            for worker in workers { await worker.stop() }
            let counts = receiver.counts
            if counts.applied < expected.count {
                for worker in workers { note("--- \(worker.name) (last lines of \(worker.log.path)):\n\(worker.lastLines)") }
            }
            try printBenchReport([
                "bench": "soak", "expected": expected.count, "delivered": counts.applied,
                "duplicates": counts.unexpected, "redelivered_requests": counts.repeatedRequests,
                "lost": expected.count - counts.applied, "bad_signatures": counts.badSignatures, "statuses_missing": statusesMissing,
                "kills": chaos.kills, "broker_outages": chaos.brokerOutages, "seconds": rounded(seconds, 2),
                "notifications_per_s": Int(Double(counts.applied) / seconds),
            ])
            if counts.applied != expected.count || counts.unexpected > 0 || statusesMissing > 0 {
                note("soak: worker logs kept in \(directory.path)")
                throw ExitCode.failure
            }
            try? FileManager.default.removeItem(at: directory)
        } catch {
            for worker in workers { await worker.stop(grace: .seconds(2)) }
            throw error
        }
        withExtendedLifetime(cluster) {}
    }

    private func storeURL(_ directory: URL) -> String {
        guard let store else { return "sqlite:" + directory.appendingPathComponent("soak.sqlite").path }
        guard !store.hasPrefix("sqlite:"), !store.contains("schema=") else { return store }
        // A fresh schema per run, so earlier runs' records cannot make this one look complete.
        return store + (store.contains("?") ? "&" : "?") + "schema=govpush_soak_\(directory.lastPathComponent.suffix(8))"
    }

    /// Subscribers written per store transaction while setting up.
    static let subscribersPerUpsert = 10_000

    private func writeSubscribers(_ count: Int, runtime: GovPushRuntime) async throws -> [SubscriberID] {
        let store = try await runtime.openStore()
        var ids: [SubscriberID] = []
        do {
            let domain = try DomainID("social-assistance")
            let townships = try (1...20).map { try RegionCode("340223\(String(format: "%03d", 100 + $0))000") }
            for start in stride(from: 0, to: count, by: Self.subscribersPerUpsert) {
                let subscribers = try (start..<min(start + Self.subscribersPerUpsert, count)).map { i in
                    try Subscriber(id: SubscriberID("soak-\(i)"), regions: [SubscribedRegion(townships[i % townships.count], role: .home)],
                                   domains: [domain], channels: [.app(userID: AppUserID("wst-soak-\(i)"))], quietHours: nil)
                }
                try await store.upsertSubscribers(subscribers, at: Date())
                ids += subscribers.map(\.id)
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        return ids
    }

    private func waitUntilReady(_ ports: [Int], workers: [WorkerProcess]) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        var pending = Set(ports)
        while !pending.isEmpty {
            for (port, worker) in zip(ports, workers) where pending.contains(port) {
                guard worker.isRunning else { throw ValidationError("worker \(worker.name) exited:\n\(worker.lastLines)") }
                if let url = URL(string: "http://127.0.0.1:\(port)/readyz"),
                   let (_, response) = try? await URLSession.shared.data(from: url), (response as? HTTPURLResponse)?.statusCode == 200 {
                    pending.remove(port)
                }
            }
            guard ContinuousClock.now < deadline else { throw ValidationError("workers not ready within 120 s (health ports \(pending.sorted()))") }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    private func publish(_ eventIDs: [String], bootstrap: String, reference: ReferenceCatalogs) async throws {
        let producer = try await KafkaProducer.connect(KafkaProducerConfiguration(bootstrapServers: bootstrap))
        let publisher = EventPublisher(producer: producer, reference: reference)
        do {
            for (n, id) in eventIDs.enumerated() {
                let data: [String: Any] = [
                    "policyId": "soak-policy-\(n)", "title": "南陵县社会救助政策第\(n + 1)号通知", "documentNumber": "南政办〔2026〕\(n + 1)号",
                    "issuingBody": "南陵县人民政府办公室", "issueDate": "2026-11-20", "validity": ["status": "有效"],
                    "domains": ["social-assistance"], "keywords": ["社会救助"], "region": "340223", "disclosureAttribute": "proactive",
                    "url": "https://disclosure.example.org/340223/policies/soak-\(n)",
                ]
                _ = try await publisher.publish(EventSubmission(type: .policyPublished, body: Array(try JSONSerialization.data(withJSONObject: data)),
                                                                id: id, source: "urn:govpush:soak"))
            }
        } catch {
            await producer.close()
            throw error
        }
        await producer.close()
    }

    struct Chaos { var kills = 0; var brokerOutages = 0 }

    /// Waits for every delivery while injecting the faults at fixed points of progress.
    private func deliverWithFaults(expected: Int, receiver: SoakReceiver, workers: [WorkerProcess], cluster: EmbeddedKafkaCluster) async throws -> Chaos {
        var chaos = Chaos()
        let deadline = ContinuousClock.now + .seconds(timeout)
        var lastProgress = ContinuousClock.now, lastApplied = -1, lastNote = ContinuousClock.now
        var brokerDownSince: ContinuousClock.Instant?
        var steps: [(at: Double, action: String)] = [(0.2, "kill deliverer"), (0.35, "kill dispatcher"), (0.5, "broker down")]
        while true {
            let applied = receiver.counts.applied
            if applied >= expected, brokerDownSince == nil { break }
            if applied != lastApplied { (lastApplied, lastProgress) = (applied, .now) }
            if let step = steps.first, Double(applied) >= step.at * Double(expected) {
                steps.removeFirst()
                switch step.action {
                case "kill deliverer":
                    workers[2].kill(); try workers[2].start(); chaos.kills += 1
                case "kill dispatcher":
                    workers[0].kill(); try workers[0].start(); chaos.kills += 1
                default:
                    try cluster.setBrokerDown(2); brokerDownSince = .now; chaos.brokerOutages += 1
                }
                note("soak: \(step.action) at \(applied) of \(expected)")
            }
            if let since = brokerDownSince, ContinuousClock.now - since > .seconds(3) {
                try cluster.setBrokerUp(2)
                brokerDownSince = nil
                note("soak: broker up at \(receiver.counts.applied) of \(expected)")
            }
            if ContinuousClock.now - lastNote > .seconds(10) {
                note("soak: \(applied) of \(expected) delivered")
                lastNote = .now
            }
            guard ContinuousClock.now < deadline else { break }
            guard ContinuousClock.now - lastProgress < .seconds(180) else { note("soak: no progress for 180 s"); break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return chaos
    }
}
