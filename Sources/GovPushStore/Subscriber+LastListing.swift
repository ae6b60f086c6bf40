import GovPushDomain

extension Array where Element == Subscriber {
    /// Each subscriber once, as listed last, in the order of those last listings: what one-by-one upserts in
    /// list order would leave, in a form one multi-row statement can write (a row may not be upserted twice
    /// in one PostgreSQL statement).
    var lastListingPerID: [Subscriber] {
        var lastIndex: [SubscriberID: Int] = [:]
        for (index, subscriber) in enumerated() { lastIndex[subscriber.id] = index }
        guard lastIndex.count < count else { return self }
        return enumerated().compactMap { index, subscriber in lastIndex[subscriber.id] == index ? subscriber : nil }
    }
}
