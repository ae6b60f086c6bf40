import GovPushChannels
import GovPushDomain
import GovPushStore
import Synchronization

/// Recently delivered events, read once from the store, and the messages rendered for them: a fan-out's
/// million jobs share one event, and where the template is the same for every subscriber, one message
/// per channel.
final class EventCache: Sendable {
    private struct MessageKey: Hashable { let eventID: String; let channel: ChannelKind }
    private let events = Mutex<[String: GovEvent]>([:])
    private let messages = Mutex<[MessageKey: RenderedMessage]>([:])
    private let capacity: Int

    init(capacity: Int = 1_024) { self.capacity = capacity }

    /// The typed event, or nil if the store has no such event or it no longer validates.
    func event(_ id: String, store: some NotificationStore, reference: ReferenceCatalogs) async throws -> GovEvent? {
        if let cached = events.withLock({ $0[id] }) { return cached }
        guard let stored = try await store.event(id), let type = EventType(rawValue: stored.type),
              let data = try? JSONValue.parse(stored.data),
              case .success(let event) = GovEvent.validated(type: type, data: data, against: reference) else { return nil }
        Self.remember(event, for: id, in: events, capacity: capacity)
        return event
    }

    /// The message for `subscriberID` about `event` on `channel`: rendered once per event and channel when
    /// every subscriber gets the same text, otherwise for each subscriber.
    func message(_ event: GovEvent, eventID: String, subscriberID: SubscriberID, channel: ChannelKind,
                 renderer: NotificationRenderer) throws(RenderingError) -> RenderedMessage {
        // Only messages that are the same for everyone are kept, so a hit needs no further check.
        let key = MessageKey(eventID: eventID, channel: channel)
        if let cached = messages.withLock({ $0[key] }) { return cached }
        let message = try renderer.render(event, eventID: eventID, subscriberID: subscriberID, for: channel)
        if renderer.isSameForEverySubscriber(event.type, on: channel) {
            Self.remember(message, for: key, in: messages, capacity: capacity)
        }
        return message
    }

    /// Bounded by clearing when full: entries are cheap to make again, and a fan-out reuses one at a time.
    private static func remember<Key: Hashable & Sendable, Value: Sendable>(_ value: Value, for key: Key, in cache: borrowing Mutex<[Key: Value]>, capacity: Int) {
        cache.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = value
        }
    }
}
