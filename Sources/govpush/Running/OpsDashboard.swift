import GovPushDashboard
import GovPushDomain
import GovPushMessaging
import GovPushStore
import Hummingbird

/// Mounts the ops dashboard, /v1/windows and /metrics (GovPushDashboard) on a router of `govpush dev` or
/// `govpush api`, with the process-wide metrics registry and the consumer lag of every GovPush group.
enum OpsDashboard {
    static func mount(on router: Router<BasicRequestContext>, store: any NotificationStore, reference: ReferenceCatalogs, bootstrap: String?) {
        guard let windows = store as? any OpsRoutes.Store else { return }
        var groups = ["govpush-dispatcher", "govpush-window-tracker"].map { OpsMetrics.ConsumerGroup(group: $0, topic: GovPushTopics.events) }
        groups += GovPushTopics.channels.map { OpsMetrics.ConsumerGroup(group: GovPushTopics.delivererGroup($0), topic: GovPushTopics.deliveries($0)) }
        let metrics = OpsMetrics(registry: OpsMetrics.bootstrap(), store: windows, groups: bootstrap == nil ? [] : groups,
                                 lag: OpsMetrics.kafkaLag(bootstrapServers: bootstrap ?? ""))
        OpsRoutes.add(to: router, store: windows, reference: reference, metrics: metrics)
    }
}
