import Foundation
import GovPushDomain
import GovPushStore

/// The store's share of the pipeline alone: N first deliveries into the sandbox, recorded and captured by
/// `deliverToSandbox` in the deliverer's batches, on a store of its own, with nothing else running. The
/// pipeline cannot deliver faster than its store records, so this rate over the bare Kafka rate is the
/// ceiling the store puts on the pipeline's ratio.
struct StoreOnlyRun {
    /// How the run's delivery ids are made.
    enum DeliveryIDs {
        /// As in production: a hash of event, subscriber and channel, so a fan-out's records land all
        /// over the deliveries index.
        case hashed
        /// Ascending in the order they are written, as time-ordered ids would be: what the index would
        /// cost if ids were assigned in time order (a change to `X-GovPush-Delivery` this run only sizes).
        case sequential
    }

    /// In the order the pipeline's deliverers meet them.
    let subscriberIDs: [SubscriberID]
    /// Deliveries per transaction: the deliverers' fetch batch.
    let batch: Int
    var deliveryIDs = DeliveryIDs.hashed

    /// The phase's wall-clock and CPU time for all the deliveries.
    func run(on store: any NotificationStore) async throws -> PhaseClock.Elapsed {
        let eventID = "bench-store-\(UUID().uuidString.lowercased())"
        let title = "南陵县人民政府办公室发布政策：南陵县关于调整城乡居民最低生活保障标准的通知"
        let body = "南陵县人民政府办公室发布了《南陵县关于调整城乡居民最低生活保障标准的通知》（南政办〔2026〕1号），详见政府信息公开网站。"
        let started = PhaseClock.start()
        for start in stride(from: 0, to: subscriberIDs.count, by: batch) {
            let now = Date()
            let messages = subscriberIDs[start..<min(start + batch, subscriberIDs.count)].enumerated().map { offset, subscriberID in
                let deliveryID = switch deliveryIDs {
                case .hashed: DeliveryKey(eventID: eventID, subscriberID: subscriberID, channel: .app).deliveryID
                case .sequential: String(format: "%032d", start + offset)  // as long as a hashed id, so index entries match
                }
                return SandboxMessage(deliveryID: deliveryID, eventID: eventID, subscriberID: subscriberID, channel: .app,
                                      maskedAddress: "wst-****", title: title, body: body, capturedAt: now)
            }
            let delivered = try await store.deliverToSandbox(messages, by: "bench-store", at: now)
            guard delivered.count == messages.count else {
                throw StoreError(backend: "bench", operation: "deliver \(messages.count) sandbox messages",
                                 reason: "only \(delivered.count) were new")
            }
        }
        return started.elapsed()
    }
}
