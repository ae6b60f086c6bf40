import GovPushDomain
import GovPushStore
import Synchronization

/// Recently delivered events, read once from the store: a fan-out's million jobs share one event.
final class EventCache: Sendable {
    private let events = Mutex<[String: GovEvent]>([:])
    private let capacity: Int

    init(capacity: Int = 1_024) { self.capacity = capacity }

    /// The typed event, or nil if the store has no such event or it no longer validates.
    func event(_ id: String, store: some NotificationStore, reference: ReferenceCatalogs) async throws -> GovEvent? {
        if let cached = events.withLock({ $0[id] }) { return cached }
        guard let stored = try await store.event(id), let type = EventType(rawValue: stored.type),
              let data = try? JSONValue.parse(stored.data),
              case .success(let event) = GovEvent.validated(type: type, data: data, against: reference) else { return nil }
        events.withLock { events in
            if events.count >= capacity { events.removeAll(keepingCapacity: true) }
            events[id] = event
        }
        return event
    }
}
