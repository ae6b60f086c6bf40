import Foundation

/// A WeChat one-time subscription authorisation (一次性订阅): the user accepted one message of `templateID`
/// in `scene`, at `grantedAt`. Each grant allows exactly one message and is consumed by sending it
/// (DOMAIN.md "Channels and their real constraints"). The validated input of `POST …/wechat-grants`;
/// recorded grants live in the store's ledger (`WeChatGrantLedger`).
public struct OneTimeGrant: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The subscription-message template the user accepted.
    public var templateID: String
    /// The scene value the mini program / official account passed when asking (0...10000 in WeChat's API).
    public var scene: Int
    public var grantedAt: Date

    public init(templateID: String, scene: Int, grantedAt: Date) throws(SubscriberValidationError) {
        guard (1...128).contains(templateID.utf8.count),
              templateID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw SubscriberValidationError(field: "templateID", reason: "must be 1-128 printable ASCII characters")
        }
        guard (0...10_000).contains(scene) else {
            throw SubscriberValidationError(field: "scene", reason: "must be in 0...10000, got \(scene)")
        }
        self.templateID = templateID
        self.scene = scene
        self.grantedAt = grantedAt
    }

    enum CodingKeys: String, CodingKey { case templateID, scene, grantedAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(templateID: c.decode(String.self, forKey: .templateID),
                          scene: c.decode(Int.self, forKey: .scene),
                          grantedAt: c.decode(Date.self, forKey: .grantedAt))
        } catch let error as SubscriberValidationError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public var description: String { "grant(\(templateID), scene \(scene), \(grantedAt))" }
}
