import Foundation
import GovPushChannels
import GovPushDomain
import GovPushStore
import Logging
import ServiceLifecycle

/// Fires window alerts on time (DESIGN.md: within 1 s of their due time, surviving restarts).
///
/// It sleeps until the store's next due alert — recomputed whenever the tracker signals a change — and
/// never polls on a fixed period (a long cap covers windows opened by other processes). Each due alert is
/// claimed in the store with a lease, sent to the region's ops staff through the channels, one delivery
/// record per recipient (so a retry skips those already reached), and marked sent. A restart reloads what
/// is pending from the store; an alert whose sender died is taken over when its lease runs out.
public final class WindowAlertScheduler: Service {
    public typealias Store = NotificationStore & WindowStore

    private let store: any Store
    private let channels: [ChannelKind: any NotificationChannel]
    private let roster: OpsRoster
    private let renderer: WindowAlertRenderer
    private let configuration: WindowTrackerConfiguration
    private let wakeup: AlertWakeup
    private let clock: any WindowClock
    private let logger: Logger

    public init(_ configuration: WindowTrackerConfiguration, store: any Store, channels: [ChannelKind: any NotificationChannel],
                roster: OpsRoster, renderer: WindowAlertRenderer, wakeup: AlertWakeup, clock: any WindowClock = SystemWindowClock(),
                logger: Logger = Logger(label: "govpush.windows.alerts")) {
        self.store = store
        self.channels = channels
        self.roster = roster
        self.renderer = renderer
        self.configuration = configuration
        self.wakeup = wakeup
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.schedule() }
        } catch is CancellationError {}
    }

    private func schedule() async throws {
        while !Task.isCancelled {
            do {
                try await fireDueAlerts()
                let now = clock.now()
                let cap = now.addingTimeInterval(ResponseWindowRules.seconds(configuration.maximumSleep))
                let next = try await store.nextAlertWakeup().map { min($0, cap) } ?? cap
                if next > clock.now() { try await sleep(until: next) }
            } catch {
                // Shutting down: the store call was cut short, which is no failure to report.
                if Task.isCancelled { throw CancellationError() }
                // A store outage must not end the role: say so and look again after the retry delay.
                logger.error("alert scheduling failed", metadata: ["error": "\(error)"])
                try await sleep(until: clock.now().addingTimeInterval(ResponseWindowRules.seconds(configuration.alertRetryDelay)))
            }
        }
        throw CancellationError()
    }

    /// Until `instant`, or earlier when windows change.
    private func sleep(until instant: Date) async throws {
        let clock = self.clock, wakeup = self.wakeup
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(until: instant) }
            group.addTask { await wakeup.wait() }
            _ = try await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    /// Claims and sends every alert due now; returns how many were completed.
    @discardableResult
    public func fireDueAlerts() async throws -> Int {
        var completed = 0
        while true {
            let claimed = try await store.claimDueAlerts(now: clock.now(), by: configuration.workerID, lease: configuration.alertLease,
                                                         limit: configuration.alertBatchSize)
            if claimed.isEmpty { return completed }
            for alert in claimed {
                if try await send(alert) { completed += 1 }
            }
            // Alerts left claimed (a recipient to retry) come back when their lease ends, not in this loop.
            if claimed.count < configuration.alertBatchSize { return completed }
        }
    }

    /// Sends one alert to each recipient not yet reached; marks it sent when all were. True when marked.
    private func send(_ claimed: ClaimedWindowAlert) async throws -> Bool {
        let alert = claimed.alert, window = claimed.window
        let recipients = roster.recipients(alert.audience, for: window.region)
        if recipients.isEmpty {
            logger.error("no ops staff configured for the window's region or its ancestors; alert dropped",
                         metadata: ["alert": "\(alert.id)", "region": "\(window.region)"])
        }
        var everyoneReached = true
        for recipient in recipients {
            let key = DeliveryKey(eventID: alert.id, subscriberID: recipient.id, channel: recipient.address.kind)
            let now = clock.now()
            guard case .claimed? = try await store.claim([key], by: configuration.workerID, now: now, lease: configuration.alertLease)[key] else {
                continue  // reached before a restart, or being sent by another scheduler
            }
            let completion = await deliver(alert, window: window, to: recipient, key: key, now: now)
            if case .retrying = completion { everyoneReached = false }
            try await store.complete([(key: key, completion: completion)], by: configuration.workerID, at: clock.now())
        }
        guard everyoneReached else { return false }
        let marked = try await store.markAlertSent(alert.id, by: configuration.workerID, at: clock.now())
        logger.info("window alert sent", metadata: ["alert": "\(alert.id)", "recipients": "\(recipients.count)",
                                                    "late.ms": "\(Int(clock.now().timeIntervalSince(alert.dueAt) * 1000))"])
        return marked
    }

    private func deliver(_ alert: StoredWindowAlert, window: ResponseWindow, to recipient: OpsRecipient, key: DeliveryKey,
                         now: Date) async -> DeliveryCompletion {
        let kind = recipient.address.kind
        guard let channel = channels[kind] else {
            logger.error("no channel for an ops recipient; alert not sent to them",
                         metadata: ["alert": "\(alert.id)", "recipient": "\(recipient.id)", "channel": "\(kind)"])
            return .failed(reason: "no \(kind) channel is configured for ops alerts")
        }
        let message: RenderedMessage
        do { message = try renderer.render(window, stage: alert.stage, now: now, for: kind) } catch {
            return .failed(reason: "rendering: \(error)")
        }
        let notification = OutgoingNotification(
            deliveryID: key.deliveryID, eventID: alert.id,
            eventType: window.kind.family == .incident ? .incidentReported : .policyPublished,
            subscriberID: recipient.id, address: recipient.address, message: message, isUrgent: true)
        switch await channel.send(notification) {
        case .delivered(let reference):
            return .delivered(providerReference: reference)
        case .permanent(let reason):
            logger.error("window alert refused", metadata: ["alert": "\(alert.id)", "recipient": "\(recipient.id)", "reason": "\(reason)"])
            return .failed(reason: reason)
        case .transient(let reason, let retryAfter):
            let delay = ResponseWindowRules.seconds(retryAfter ?? configuration.alertRetryDelay)
            logger.warning("window alert will be retried", metadata: ["alert": "\(alert.id)", "recipient": "\(recipient.id)", "reason": "\(reason)"])
            return .retrying(reason: reason, nextAttemptAt: now.addingTimeInterval(delay))
        }
    }
}
