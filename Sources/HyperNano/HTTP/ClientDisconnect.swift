import Hummingbird
import NIOCore
import Synchronization

/// Whether a connection's client is still there, for the queries it sends. `ConnectionGuard`
/// reports the end of the connection or of its inbound half (the client closed its side), and
/// a query running under `NanoRequest.cancellingOnClose` has its `QueryDeadline` cancelled at
/// that moment: SQLite stops at its next look at the deadline and the Swift side at its next
/// check, as when the deadline passes.
///
/// Hummingbird 2 does not cancel a handler's task when its client goes, and its own watch
/// (`consumeWithCancellationOnInboundClose`) consumes the rest of the connection's stream, so
/// the connection could not be kept alive after a query. This watch sits on the channel
/// instead: a query's answer keeps the connection open for the next request. It stops the
/// query through its deadline rather than by cancelling a task: watching from a second task
/// cost every query a task group and the thread hand-offs of its two child tasks.
final class ConnectionWatch: Sendable {
    private let state = Mutex<(left: Bool, stop: (@Sendable () -> Void)?)>((false, nil))

    /// The watch of the connection whose query the current task runs (see `cancellingOnClose`).
    @TaskLocal static var current: ConnectionWatch?

    /// The client closed its side, or the connection ended (called on its event loop).
    func clientLeft() {
        let stop = state.withLock { state in
            state.left = true
            defer { state.stop = nil }
            return state.stop
        }
        stop?()
    }

    /// The value of `body`, with `stop` called if the client leaves meanwhile (at once if it
    /// has left already). One at a time per connection (HTTP/1 answers its requests in turn).
    func stopping<T>(with stop: @escaping @Sendable () -> Void, _ body: () async throws -> T) async throws -> T {
        let alreadyLeft = state.withLock { state in
            if !state.left { state.stop = stop }
            return state.left
        }
        if alreadyLeft { stop() }
        defer { state.withLock { $0.stop = nil } }
        return try await body()
    }
}

extension NanoRequest {
    /// Runs `work` (a query) so that the reads it makes within a deadline (`DeadlineRead`) stop
    /// when the client closes its side of the connection, answering 503 then. Call it after the
    /// body has been read (`json()`).
    func cancellingOnClose<T>(_ work: () async throws -> T) async throws -> T {
        guard let watch = connections.watch(for: channel) else { return try await work() }
        return try await ConnectionWatch.$current.withValue(watch) { try await work() }
    }
}
