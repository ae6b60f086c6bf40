/// A configuration file names only what it sets: every section may be left out and keeps its defaults.
extension GovPushConfiguration {
    enum CodingKeys: String, CodingKey {
        case kafka, store, http, channels, workerID, api, dataKeys
    }

    init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kafka = try c.decodeIfPresent(Kafka.self, forKey: .kafka) ?? kafka
        store = try c.decodeIfPresent(Store.self, forKey: .store) ?? store
        http = try c.decodeIfPresent(HTTP.self, forKey: .http) ?? http
        channels = try c.decodeIfPresent(Channels.self, forKey: .channels) ?? channels
        workerID = try c.decodeIfPresent(String.self, forKey: .workerID)
        api = try c.decodeIfPresent(API.self, forKey: .api)
        dataKeys = try c.decodeIfPresent(String.self, forKey: .dataKeys)
    }
}
