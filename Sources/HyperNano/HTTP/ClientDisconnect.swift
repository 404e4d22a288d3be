import Hummingbird
import NIOCore
import Synchronization

/// Whether a connection's client is still there, for the queries it sends. `ConnectionGuard`
/// reports the end of the connection or of its inbound half (the client closed its side), and
/// a query running through `NanoRequest.cancellingOnClose` is cancelled at that moment.
///
/// Hummingbird 2 does not cancel a handler's task when its client goes, and its own watch
/// (`consumeWithCancellationOnInboundClose`) consumes the rest of the connection's stream, so
/// the connection could not be kept alive after a query. This watch sits on the channel
/// instead: a query's answer keeps the connection open for the next request.
final class ConnectionWatch: Sendable {
    private let state = Mutex<(left: Bool, waiter: AsyncStream<Void>.Continuation?)>((false, nil))

    /// The client closed its side, or the connection ended (called on its event loop).
    func clientLeft() {
        let waiter = state.withLock { state in
            state.left = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.finish()
    }

    /// The value of `work`, which is cancelled if the client leaves meanwhile (or has left):
    /// then this throws `CancellationError` once `work` has stopped. One at a time per
    /// connection (HTTP/1 answers its requests in turn).
    func cancellingWhenClientLeaves<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let (departure, signal) = AsyncStream<Void>.makeStream()
        let alreadyLeft = state.withLock { state in
            if !state.left { state.waiter = signal }
            return state.left
        }
        if alreadyLeft { throw CancellationError() }
        defer {
            state.withLock { $0.waiter = nil }
            signal.finish()
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                for await _ in departure {}
                return nil  // the client left (or the work is done and this watch ended)
            }
            group.addTask { try await work() }
            guard let first = try await group.next(), let value = first else {
                group.cancelAll()
                throw CancellationError()
            }
            signal.finish()
            return value
        }
    }
}

extension NanoRequest {
    /// Runs `work` (a query) so that it is cancelled when the client closes its side of the
    /// connection, answering 503 then. Call it after the body has been read (`json()`).
    func cancellingOnClose(_ work: @escaping @Sendable () async throws -> Response) async throws -> Response {
        guard let watch = connections.watch(for: context.channel) else { return try await work() }
        do {
            return try await watch.cancellingWhenClientLeaves(work)
        } catch is CancellationError {
            // Thrown once `work` has stopped: nobody may be listening, but say what happened.
            return Reply.failure(HyperFailure(503, "query cancelled: the client closed the connection"))
        }
    }
}
