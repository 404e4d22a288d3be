import NIOCore
import NIOHTTP1

/// Tells the `ConnectionGuard` of its connection when a request head arrives and when a response
/// ends. Run by `ReadLane`, which sees every decoded part both ways (a handler of its own, it
/// was one more stop for every part, read, flush and read-complete of every request).
///
/// It also ends a connection whose request was refused before its body was read (a 413 for a
/// body over the limit, a 415, a 401): Hummingbird would otherwise read and discard the rest of
/// the body to reach the next request, so a client could keep sending a refused body forever.
/// The answer says `Connection: close`.
struct RequestBoundaries {
    private let connection: ConnectionGuard
    /// The request being answered has not been read to its end.
    private var bodyUnread = false
    private var closeAfterResponse = false

    init(reportingTo connection: ConnectionGuard) {
        self.connection = connection
    }

    /// A request part was read.
    mutating func read(_ part: HTTPServerRequestPart) {
        switch part {
        case .head:
            bodyUnread = true
            connection.headReceived()
        case .end:
            bodyUnread = false
        case .body:
            break
        }
    }

    /// Writes a response part, `data` wrapping `part`, on `context` (the `ReadLane`'s), closing
    /// the connection after a refusal's end when its request's body was left unread.
    mutating func write(_ part: HTTPServerResponsePart, as data: NIOAny, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        switch part {
        case .head(var head) where bodyUnread && head.status.code >= 400:
            closeAfterResponse = true
            head.headers.replaceOrAdd(name: "Connection", value: "close")
            context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: promise)
        case .end where closeAfterResponse:
            closeAfterResponse = false
            connection.responseEnded()
            let written = context.writeAndFlush(data)
            written.cascade(to: promise)
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .end:
            connection.responseEnded()
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}
