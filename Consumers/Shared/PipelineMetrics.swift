import Metrics

/// The pipeline's counters, through swift-metrics (rendered at /metrics by whichever backend the process
/// bootstrapped; a no-op otherwise).
enum PipelineMetrics {
    /// Events the dispatcher accepted, by CloudEvents type.
    static func eventReceived(type: String) {
        Counter(label: "govpush_events_total", dimensions: [("type", type)]).increment()
    }

    /// Delivery outcomes recorded by a deliverer, by channel and outcome (delivered, retrying, deferred,
    /// failed, dead-lettered).
    static func notifications(channel: String, outcomes: [String: Int]) {
        for (outcome, count) in outcomes {
            Counter(label: "govpush_notifications_total", dimensions: [("channel", channel), ("outcome", outcome)]).increment(by: count)
        }
    }
}
