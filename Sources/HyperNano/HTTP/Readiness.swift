import Synchronization

/// Holds requests back until start-up (service creation, purge, seed) is done: the port must be
/// bound first to know the base URL the demo queues deliver to, but a client that connects in
/// the meantime should see the finished domain, not half a seed.
final class Readiness: Sendable {
    private let state = Mutex<(ready: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Start-up is done.
    var isOpen: Bool { state.withLock { $0.ready } }

    func wait() async {
        // Once open (every request but those of the first moments), without a continuation.
        if isOpen { return }
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if !state.ready { state.waiters.append(continuation) }
                return state.ready
            }
            if ready { continuation.resume() }
        }
    }

    /// Lets every waiting and future request through.
    func open() {
        let waiters = state.withLock { state in
            state.ready = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
