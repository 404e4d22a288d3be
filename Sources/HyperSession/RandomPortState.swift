import Foundation
import HyperStore

extension LocalStore {
    /// Gives `app` (a local server's lasting identity, `LocalServers`) the drafts and journal
    /// entries left under addresses such a server had before: a loopback address on a port the
    /// system hands out at random (its ephemeral range), the same domain, and no server running
    /// there now. The demo used to key its state by its random port, so each run orphaned the
    /// last one's; this brings them back. Returns how many drafts and entries moved.
    @discardableResult
    public func adoptRandomPortState(into app: AppKey) -> (drafts: Int, entries: Int) {
        let servers = LocalServers(directory: locations.serversDirectory)
        let ports = Self.ephemeralPorts()
        func orphaned(_ id: String) -> Bool {
            guard id != app.id, let key = AppKey(id: id), key.app == nil, key.domain == app.domain,
                  let colon = key.host.lastIndex(of: ":"), let port = Int(key.host[key.host.index(after: colon)...]),
                  ports.contains(port), ["127.0.0.1", "localhost", "[::1]"].contains(String(key.host[..<colon])) else { return false }
            return servers.identity(for: key.host) == nil
        }
        var moved = (drafts: 0, entries: 0)
        if case .success(let drafts) = drafts, let list = try? drafts.list() {
            for old in Set(list.map(\.app)) where orphaned(old) { moved.drafts += (try? drafts.rekey(from: old, to: app)) ?? 0 }
        }
        if case .success(let journal) = journal, let apps = try? journal.apps() {
            for old in apps where orphaned(old) { moved.entries += (try? journal.rekey(from: old, to: app)) ?? 0 }
        }
        return moved
    }

    /// The ports the kernel picks from for port 0 (Linux: `ip_local_port_range`).
    static func ephemeralPorts() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else { return 32768...60999 }
        return bounds[0]...bounds[1]
    }
}
