import NIOCore
import Synchronization

/// Every open connection of one server, so that their number never passes a cap (each holds a
/// file descriptor; 20,000 idle sockets once made nano unreachable).
///
/// At the cap a new connection is not left waiting in the kernel's backlog, which would starve
/// real clients for as long as the idle ones stay: the connection that has waited longest for
/// its next request (idle, or still sending a request head) is closed to make room. Only when
/// every other connection is serving a request is the new one refused, closed at once.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        let watch: ConnectionWatch
        /// Since when the connection has had no request in progress; nil while it has one.
        var waitingSince: ContinuousClock.Instant?
    }

    let capacity: Int
    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Registers a new connection, whose departure `watch` reports; false when it must be refused.
    func admit(_ channel: any Channel, watch: ConnectionWatch) -> Bool {
        let now = ContinuousClock.now
        let outcome = entries.withLock { entries -> (admitted: Bool, evicted: (any Channel)?) in
            if entries.count >= capacity {
                let longestWaiting = entries.lazy.compactMap { key, entry in entry.waitingSince.map { (key, $0) } }
                    .min { $0.1 < $1.1 }
                guard let (victim, _) = longestWaiting else { return (false, nil) }
                let evicted = entries.removeValue(forKey: victim)?.channel
                entries[ObjectIdentifier(channel)] = Entry(channel: channel, watch: watch, waitingSince: now)
                return (true, evicted)
            }
            entries[ObjectIdentifier(channel)] = Entry(channel: channel, watch: watch, waitingSince: now)
            return (true, nil)
        }
        outcome.evicted?.close(promise: nil)
        return outcome.admitted
    }

    /// What tells a query on this connection that its client left.
    func watch(for channel: any Channel) -> ConnectionWatch? {
        entries.withLock { $0[ObjectIdentifier(channel)]?.watch }
    }

    func remove(_ channel: any Channel) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// The connection started serving a request: it cannot be closed to make room.
    func markBusy(_ channel: any Channel) {
        entries.withLock { $0[ObjectIdentifier(channel)]?.waitingSince = nil }
    }

    /// The connection finished its requests and waits for the next one.
    func markWaiting(_ channel: any Channel) {
        let now = ContinuousClock.now
        entries.withLock { $0[ObjectIdentifier(channel)]?.waitingSince = now }
    }

    var count: Int { entries.withLock { $0.count } }

    /// Connections serving a request now.
    var busyCount: Int { entries.withLock { $0.values.filter { $0.waitingSince == nil }.count } }
}
