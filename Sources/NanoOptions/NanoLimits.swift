import Foundation

/// Bounds that keep one client from exhausting the server: connections, how long a connection
/// may sit idle or take to send a request head, and how many heavy requests (queries, lists,
/// bulk writes) run or wait at once, and how long a query may run.
public struct NanoLimits: Sendable, Equatable {
    /// Open connections; at the cap the longest-waiting idle one is closed to make room.
    public var maxConnections = 1024
    /// A connection with no request for this long is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// A request head (request line and headers) must arrive within this time of its first byte.
    public var headerTimeout: Duration = .seconds(10)
    /// At a graceful stop, how long a connection may take to finish the answers it is sending
    /// (a download the client reads slowly) before it is closed all the same.
    public var drainTimeout: Duration = .seconds(10)
    /// Heavy requests running at once, on threads of their own.
    public var heavyRequests = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// Heavy requests waiting for their turn; beyond it they are answered 503 with Retry-After.
    public var heavyBacklog = 64
    /// How long a data `_query` or a search query may run before it is stopped with a 503.
    public var queryTimeout: Duration = .seconds(5)
    /// How long one queue delivery, connecting included, may take before it counts as failed.
    public var deliveryTimeout: Duration = .seconds(30)
    /// The bytes of documents one list or query answer may hold (data lists and queries, cache
    /// and search queries, lists of queue jobs); past them the request is refused (400) rather
    /// than built in memory.
    /// hyper has no default list limit, so one `GET /data/DOMAIN` could otherwise hold every
    /// document of a big store in memory at once. The CLI refuses larger answers by default too.
    public var maxAnswerBytes = 256 * 1_048_576

    public init() {}
}
