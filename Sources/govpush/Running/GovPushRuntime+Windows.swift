import Foundation
import GovPushChannels
import GovPushConsumers
import GovPushDomain
import GovPushStore
import Logging
import ServiceLifecycle

/// The window tracker role: its consumer, its alert scheduler and the ops roster, from the configuration.
extension GovPushRuntime {
    /// Both stores keep windows; this only fails for a store type without them.
    func windowStore(_ store: any NotificationStore) throws -> any NotificationStore & WindowStore {
        guard let windows = store as? any NotificationStore & WindowStore else {
            throw Problem(description: "the configured store does not keep response windows")
        }
        return windows
    }

    func windowTrackerConfiguration() throws -> WindowTrackerConfiguration {
        var tracker = WindowTrackerConfiguration(bootstrapServers: try bootstrap())
        if let workerID = configuration.workerID { tracker.workerID = "\(workerID)-windows" }
        tracker.kafkaProperties = configuration.kafka.properties ?? [:]
        let windows = configuration.windows
        do {
            tracker.alertPlan = try WindowAlertPlan(
                warningFractions: windows?.alertFractions ?? [0.5, 0.8],
                escalationDelay: .milliseconds(Int64(((windows?.escalationDelaySeconds ?? 0) * 1000).rounded())))
        } catch {
            throw Problem(description: "windows.alertFractions / windows.escalationDelaySeconds: \(error)")
        }
        return tracker
    }

    func opsRoster() throws -> OpsRoster {
        var duties: [RegionCode: OpsRoster.Duty] = [:]
        for (code, entry) in configuration.windows?.roster ?? [:] {
            let region: RegionCode
            do { region = try RegionCode(code) } catch { throw Problem(description: "windows.roster: \(error)") }
            duties[region] = OpsRoster.Duty(onDuty: entry.onDuty ?? [], escalation: entry.escalation ?? [])
        }
        do { return try OpsRoster(duties, regions: reference.regions) } catch { throw Problem(description: error.description) }
    }

    /// The tracker and the alert scheduler, sharing a wake-up signal; alerts go out through the same channels
    /// as notifications (sandboxed in `govpush dev`).
    func windowServices(store: any NotificationStore) async throws -> [any Service] {
        let windowStore = try windowStore(store)
        let configuration = try windowTrackerConfiguration()
        let roster = try opsRoster()
        var channels: [ChannelKind: any NotificationChannel] = [:]
        for kind in ChannelKind.allCases { channels[kind] = try? channel(kind, store: store) }
        let regions = reference.regions
        let renderer = try WindowAlertRenderer(regionName: { regions.region($0)?.name })
        let wakeup = AlertWakeup()
        let tracker = try await WindowTracker.start(configuration, store: windowStore, reference: reference, wakeup: wakeup,
                                                    logger: logger)
        let scheduler = WindowAlertScheduler(configuration, store: windowStore, channels: channels, roster: roster,
                                             renderer: renderer, wakeup: wakeup, logger: logger)
        return [tracker, scheduler]
    }
}
