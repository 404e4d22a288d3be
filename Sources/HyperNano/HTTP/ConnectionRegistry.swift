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
    let capacity: Int
    private let entries = Mutex<[ObjectIdentifier: ConnectionEntry]>([:])

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Registers a new connection, whose departure `watch` reports: its entry, which its
    /// requests mark busy and waiting; nil when it must be refused.
    func admit(_ channel: any Channel, watch: ConnectionWatch) -> ConnectionEntry? {
        let entry = ConnectionEntry(channel: channel, watch: watch)
        let outcome = entries.withLock { entries -> (admitted: Bool, evicted: ConnectionEntry?) in
            var evicted: ConnectionEntry?
            if entries.count >= capacity {
                guard let victim = Self.claimLongestWaiting(entries) else { return (false, nil) }
                entries.removeValue(forKey: ObjectIdentifier(victim.channel))
                evicted = victim
            }
            entries[ObjectIdentifier(channel)] = entry
            return (true, evicted)
        }
        outcome.evicted?.channel.close(promise: nil)
        return outcome.admitted ? entry : nil
    }

    /// The connection that has waited longest, taken from its own event loop's hands: a request
    /// that begins on it meanwhile makes the claim fail, and the longest waiting is looked for
    /// again (a few times: each failure means a connection just became busy).
    private static func claimLongestWaiting(_ entries: [ObjectIdentifier: ConnectionEntry]) -> ConnectionEntry? {
        for _ in 0..<8 {
            let longest = entries.values.lazy.compactMap { entry in entry.waitingSince.map { (entry, $0) } }.min { $0.1 < $1.1 }
            guard let (entry, since) = longest else { return nil }
            if entry.claim(waitingSince: since) { return entry }
        }
        return nil
    }

    /// What tells a query on this connection that its client left.
    func watch(for channel: any Channel) -> ConnectionWatch? {
        entries.withLock { $0[ObjectIdentifier(channel)]?.watch }
    }

    func remove(_ channel: any Channel) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    var count: Int { entries.withLock { $0.count } }

    /// Connections serving a request now.
    var busyCount: Int { entries.withLock { $0.values.filter { $0.waitingSince == nil }.count } }
}

/// One connection in the registry. Its requests mark it busy and waiting on its own event loop
/// with one atomic store each: the registry's lock and table, shared by every event loop, are
/// touched only when a connection comes, goes or is evicted (marking through them cost two
/// locked table updates per request).
final class ConnectionEntry: Sendable {
    let channel: any Channel
    let watch: ConnectionWatch
    /// Since when (`NIODeadline` nanoseconds) the connection has had no request in progress;
    /// `busy` while it has one, `claimed` once the registry chose it to make room.
    private let state: Atomic<Int64>
    private static let busy = Int64.max
    private static let claimed = Int64.max - 1

    init(channel: any Channel, watch: ConnectionWatch) {
        self.channel = channel
        self.watch = watch
        self.state = Atomic(Self.nanoseconds(.now()))
    }

    /// The connection started serving a request: it cannot be closed to make room.
    func markBusy() {
        var current = state.load(ordering: .relaxed)
        while current != Self.claimed {
            let (exchanged, found) = state.compareExchange(expected: current, desired: Self.busy, ordering: .relaxed)
            if exchanged { return }
            current = found
        }
    }

    /// The connection finished its requests and waits for the next one.
    func markWaiting() {
        _ = state.compareExchange(expected: Self.busy, desired: Self.nanoseconds(.now()), ordering: .relaxed)
    }

    /// Since when it has waited; nil while it serves a request or once claimed.
    var waitingSince: Int64? {
        let value = state.load(ordering: .relaxed)
        return value >= Self.claimed ? nil : value
    }

    /// Takes the connection to be closed if it still waits as it did at `since`.
    func claim(waitingSince since: Int64) -> Bool {
        state.compareExchange(expected: since, desired: Self.claimed, ordering: .relaxed).exchanged
    }

    private static func nanoseconds(_ deadline: NIODeadline) -> Int64 {
        Int64(clamping: deadline.uptimeNanoseconds)
    }
}
