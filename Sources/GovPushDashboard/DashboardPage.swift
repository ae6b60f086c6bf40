import Foundation
import GovPushDomain
import GovPushStore

/// The ops dashboard (值班看板), rendered on the server; a small script turns each due time into a live
/// countdown and recolours the row (ok / warning / due / breached) as time passes.
struct DashboardPage {
    let now: Date
    let filter: WindowFilter
    let open: [ResponseWindow]
    let closed: [ResponseWindow]
    let outbox: [SandboxMessage]
    let deliveryCounts: [DeliveryCount]
    let reference: ReferenceCatalogs

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>GovPush 值班看板</title>
        <style>
        body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em;width:100%}
        th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}th{background:#f3f3f3}
        tr.ok td.left{background:#d9f2d9}tr.warning td.left{background:#fff2b3}tr.due td.left{background:#ffd199}
        tr.breached td.left{background:#f5a3a3}td.left{font-weight:bold;white-space:nowrap}h2{margin-top:1.2em}
        </style></head><body>
        <h1>GovPush 值班看板</h1>
        <p>生成时间 \(escape(ShanghaiTimestamp.rfc3339(now)))</p>
        <form method="get" action="dashboard">
        <label>地区 <input name="region" value="\(escape(filter.region?.description ?? ""))" placeholder="340223"></label>
        <label>领域 <select name="domain"><option value="">全部</option>\(domainOptions)</select></label>
        <button type="submit">筛选</button></form>
        <h2>未关闭的响应时限（\(open.count)）</h2>
        <table id="open-windows"><tr><th>剩余时间</th><th>类型</th><th>地区</th><th>事项</th><th>开始</th><th>时限</th><th>编号</th></tr>
        \(open.map(openRow).joined(separator: "\n"))
        </table>
        <h2>已关闭（\(closed.count)）</h2>
        <table id="closed-windows"><tr><th>类型</th><th>地区</th><th>事项</th><th>用时</th><th>结果</th><th>关闭时间</th></tr>
        \(closed.map(closedRow).joined(separator: "\n"))
        </table>
        <h2>沙箱发件箱</h2>
        <table id="outbox"><tr><th>渠道</th><th>地址</th><th>标题</th><th>内容</th><th>时间</th></tr>
        \(outbox.map(outboxRow).joined(separator: "\n"))
        </table>
        <h2>投递统计</h2>
        <table id="delivery-counts"><tr><th>渠道</th><th>结果</th><th>数量</th></tr>
        \(deliveryCounts.map { "<tr><td>\(escape($0.channel.rawValue))</td><td>\(escape($0.status.rawValue))</td><td>\($0.count)</td></tr>" }.joined(separator: "\n"))
        </table>
        <script>
        function pad(n){return n<10?"0"+n:""+n}
        function clock(ms){var s=Math.floor(Math.abs(ms)/1000),d=s>=259200?Math.floor(s/86400):0;s-=d*86400;return (d?d+"天":"")+Math.floor(s/3600)+":"+pad(Math.floor(s%3600/60))+":"+pad(s%60)}
        function tick(){
          var now=Date.now();
          document.querySelectorAll("tr[data-due]").forEach(function(row){
            var due=+row.dataset.due,opened=+row.dataset.opened,left=due-now,elapsed=(now-opened)/(due-opened);
            var state=left<0?"breached":elapsed>=0.8?"due":elapsed>=0.5?"warning":"ok";
            row.className=state;row.dataset.state=state;
            row.querySelector("td.left").textContent=left<0?"已超时 "+clock(left):"剩余 "+clock(left);
          });
        }
        tick();setInterval(tick,1000);document.body.dataset.countdown="live";
        </script>
        </body></html>
        """
    }

    private var domainOptions: String {
        reference.domains.all.map { domain in
            let selected = filter.domain == domain.id ? " selected" : ""
            return "<option value=\"\(escape(domain.id.rawValue))\"\(selected)>\(escape(domain.name))</option>"
        }.joined()
    }

    private func openRow(_ window: ResponseWindow) -> String {
        let urgency = window.urgency(at: now)
        let left = window.dueAt.timeIntervalSince(now)
        // Without JavaScript the server's reading stands; the script replaces it every second.
        let text = left < 0 ? "已超时 \(Self.clock(-left))" : "剩余 \(Self.clock(left))"
        return """
            <tr class="\(urgency.rawValue)" data-state="\(urgency.rawValue)" data-window="\(escape(window.id))" \
            data-due="\(Self.millis(window.dueAt))" data-opened="\(Self.millis(window.openedAt))">\
            <td class="left">\(text)</td><td>\(escape(window.kind.chineseName))</td><td>\(escape(regionLabel(window.region)))</td>\
            <td>\(escape(window.subject))</td><td>\(escape(ShanghaiTimestamp.rfc3339(window.openedAt)))</td>\
            <td>\(escape(ShanghaiTimestamp.rfc3339(window.dueAt)))</td><td>\(escape(window.id))</td></tr>
            """
    }

    private func closedRow(_ window: ResponseWindow) -> String {
        let took = window.responseTime.map { Self.clock(max(0, $0)) } ?? ""
        return """
            <tr data-window="\(escape(window.id))"><td>\(escape(window.kind.chineseName))</td><td>\(escape(regionLabel(window.region)))</td>\
            <td>\(escape(window.subject))</td><td>\(took)</td><td>\(window.wasLate ? "超时" : "按时")</td>\
            <td>\(escape(window.closedAt.map(ShanghaiTimestamp.rfc3339) ?? ""))</td></tr>
            """
    }

    private func outboxRow(_ message: SandboxMessage) -> String {
        """
        <tr><td>\(escape(message.channel.rawValue))</td><td>\(escape(message.maskedAddress))</td><td>\(escape(message.title))</td>\
        <td>\(escape(message.body))</td><td>\(escape(ShanghaiTimestamp.rfc3339(message.capturedAt)))</td></tr>
        """
    }

    private func regionLabel(_ code: RegionCode) -> String {
        reference.regions.region(code).map { "\($0.name) \(code)" } ?? code.description
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// `H:MM:SS` (a 48-hour window reads 47:59:59); from 72 hours on, days first (`5天3:00:00`), as the script writes it.
    static func clock(_ seconds: TimeInterval) -> String {
        var s = Int(seconds.rounded(.down))
        let days = s >= 259_200 ? s / 86_400 : 0
        s -= days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days > 0 ? "\(days)天" : "")\(s / 3600):\(two(s % 3600 / 60)):\(two(s % 60))"
    }

    private func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
