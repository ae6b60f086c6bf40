import GovPushDomain

/// `govpush dev`'s ops staff: one sandbox WeCom group bot on duty and one escalation phone per province of
/// the documents, so window alerts show up in the sandbox outbox and the dashboard without set-up.
enum DevOpsRoster {
    static func roster() throws -> [String: GovPushConfiguration.RosterEntry] {
        var roster: [String: GovPushConfiguration.RosterEntry] = [:]
        for (province, label) in [("340000", "anhui"), ("610000", "shaanxi"), ("150000", "neimenggu")] {
            roster[province] = GovPushConfiguration.RosterEntry(
                onDuty: [.wecomGroup(botKey: try WeComBotKey("dev-ops-duty-\(label)"))],
                escalation: [.sms(try PhoneNumber("13800138000"))])
        }
        return roster
    }
}
