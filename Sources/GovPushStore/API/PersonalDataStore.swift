import Foundation
import GovPushChannels
import GovPushDomain

/// Personal-data operations beyond the core store: erasure, keyed-hash lookups and key rotation.
public protocol PersonalDataStore: Sendable {
    /// The cipher the store seals with; callers hash lookup keys with it (`lookupHashes`).
    var cipher: PersonalDataCipher { get }
    /// Erases a subscriber (right to deletion, 删除权): the document and its change history, grants (with
    /// their openids), contact hashes, inbox read state and sandbox messages; delivery rows stay, with the
    /// subscriber id replaced, so counts survive without pointing at anyone. False when there was none.
    @discardableResult
    func eraseSubscriber(_ id: SubscriberID, at time: Date) async throws -> Bool
    /// Subscribers having a contact whose lookup hash is one of `hashes` (see `ContactLookup`).
    func subscriberIDs(withContactHashes hashes: [String]) async throws -> [SubscriberID]
    /// Re-seals everything not under the primary key (documents, change history, grant openids, tenant
    /// secrets) and recomputes contact hashes; returns how many values were rewritten. Idempotent.
    func reencryptPersonalData() async throws -> Int
}

/// The keyed-hash input for a subscriber contact, e.g. `sms:13812341234`; addresses in normalised form.
public enum ContactLookup {
    public static func key(_ channel: SubscriberChannel) -> String {
        switch channel {
        case .sms(let phone): "sms:" + phone.clearText
        case .email(let email): "email:" + email.clearText.lowercased()
        case .wechat(let openID): "wechat:" + openID.clearText
        case .app(let user): "app:" + user.clearText
        case .wecomGroup(let key): "wecom-group:" + key.clearText
        }
    }
}

/// Recording and listing one-time grants, beside the ledger operations the WeChat channel uses.
public protocol WeChatGrantRecords: WeChatGrantLedger {
    func recordGrant(_ grant: WeChatGrant) async throws
    /// Unspent grants (available or reserved), oldest first.
    func remainingGrants(subscriber: SubscriberID) async throws -> [WeChatGrant]
}

/// Everything the HTTP API needs from a store.
public typealias APIStore = NotificationStore & TenantStore & NonceRegistry & InboxStore & WeChatGrantRecords & PersonalDataStore
