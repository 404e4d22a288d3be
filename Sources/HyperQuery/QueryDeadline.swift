import Synchronization

/// When a query must give up: its time has run out, or whoever asked for it has gone.
/// Long loops (SQLite's progress handler, the residual filter, the regex matcher) ask it every
/// so often; asking reads the clock and one atomic flag.
public final class QueryDeadline: Sendable {
    /// The time the query was given, for messages.
    public let duration: Duration
    private let end: ContinuousClock.Instant
    private let cancelled = Atomic<Bool>(false)

    public init(after duration: Duration) {
        self.duration = duration
        end = .now + duration
    }

    /// Stops the query early (the client has gone).
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    public var shouldStop: Bool { isCancelled || ContinuousClock.now >= end }

    public func check() throws(QueryInterrupted) {
        if shouldStop { throw QueryInterrupted(cancelled: isCancelled) }
    }
}

/// A query stopped by its `QueryDeadline`: cancelled, or out of time.
public struct QueryInterrupted: Error, Sendable {
    public let cancelled: Bool
}
