import GovPushDomain

/// How a window tracker runs.
public struct WindowTrackerConfiguration: Sendable {
    public var bootstrapServers: String
    /// Its own consumer group: it reads every event the dispatcher reads, independently.
    public var groupID = "govpush-window-tracker"
    /// Names this process in alert claims; keep it stable across restarts of the same instance.
    public var workerID = "windows-1"
    public var alertPlan = try! WindowAlertPlan()
    /// How long a claimed alert is held before another scheduler (or this one, restarted) may take it over.
    public var alertLease: Duration = .seconds(30)
    /// A transiently failed alert delivery is retried after this long (the alert's lease then runs out).
    public var alertRetryDelay: Duration = .seconds(10)
    /// Alerts claimed per store round trip.
    public var alertBatchSize = 100
    /// The scheduler looks at the store at least this often, for windows opened by other tracker processes.
    public var maximumSleep: Duration = .seconds(300)
    public var kafkaProperties: [String: String] = [:]

    public init(bootstrapServers: String) { self.bootstrapServers = bootstrapServers }
}
