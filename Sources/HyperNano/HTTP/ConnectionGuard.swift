import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The first handler of every connection, on raw bytes: registers the connection with the
/// server's `ConnectionRegistry` (closing it at once when refused), gives a request head a
/// deadline from its first byte, so that a client sending half a request line and stalling is
/// answered 408 and dropped instead of holding its socket, and closes a connection that waits
/// for its next request longer than the idle timeout. The idle timeout is kept here, not by
/// Hummingbird, because Hummingbird never sees the requests `ReadLane` answers: it would close
/// a connection busy with them.
///
/// It learns where requests start and end from `RequestBoundaries` (run by `ReadLane`, among the
/// decoded parts, which sees every request head and response end), writes the answers
/// `ReadLane` makes as bytes, and tells the connection's `ConnectionWatch` when the client
/// leaves (closes the connection or its side).
///
/// At a graceful stop (NIO's quiesce event, sent to every connection), a close waits for what
/// was written before it to leave, within the drain timeout. Hummingbird closes an idle
/// connection at once and a busy one as soon as its answer's last part is queued: that cut what
/// was still being written (a download the kernel was sending, any answer larger than the
/// socket's buffer), and Hummingbird counts a connection busy with `ReadLane`'s answers as idle.
/// Hummingbird still decides when to close; this only holds its close until the writes have
/// left, and never for a connection not yet active: one accepted during the stop is told to
/// quiesce before it is active and must be closed at once (held, NIO stopped nano with a fatal
/// error: its async channel was dropped unfinished).
final class ConnectionGuard: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let registry: ConnectionRegistry
    private let headerTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let drainTimeout: TimeAmount
    private let watch = ConnectionWatch()
    private var context: ChannelHandlerContext?
    private var registered = false
    /// This connection in the registry; nil before it is admitted (and when refused).
    private var entry: ConnectionEntry?
    /// Requests whose head arrived and whose response has not ended (more than one when pipelined).
    private var requestsInProgress = 0
    /// When the first byte of the head being received arrived; nil when none is awaited.
    private var headStarted: NIODeadline?
    /// Since when the connection has waited for a request with nothing in progress and no byte
    /// of a head received; nil when it does not.
    private var idleSince: NIODeadline?
    /// At most one timer per connection, firing no later than the shorter timeout after it was
    /// armed (so no deadline a later wait starts can come before it) and re-armed from there:
    /// scheduling and cancelling one per request cost 2% of a GET by id.
    private var timer: Scheduled<Void>?
    /// The server is stopping gracefully: a close waits for the answers under way to leave.
    private var quiescing = false

    private static let timeoutAnswer = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

    init(registry: ConnectionRegistry, headerTimeout: TimeAmount, idleTimeout: TimeAmount, drainTimeout: TimeAmount) {
        self.registry = registry
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.drainTimeout = drainTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { register(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        watch.clientLeft()
        registry.remove(context.channel)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { watch.clientLeft() }
        if event is ChannelShouldQuiesceEvent, !quiescing {
            quiescing = true
            // Closed from here, the close goes straight to the socket, past `close` below.
            context.eventLoop.assumeIsolated().scheduleTask(in: drainTimeout) { [self] in self.context?.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// While stopping, a full close of an active connection is made once all written before it
    /// has left: NIO completes a write after every write queued before it, so an empty one marks
    /// the end of the queue (with nothing queued, it completes at once and the close is made at
    /// once, as it must be for a connection accepted during the stop, closed before it is active).
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard quiescing, mode == .all, context.channel.isActive else { return context.close(mode: mode, promise: promise) }
        let marker = context.eventLoop.makePromise(of: Void.self)
        marker.futureResult.assumeIsolated().whenComplete { _ in context.close(mode: mode, promise: promise) }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: marker)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if requestsInProgress == 0, headStarted == nil {
            headStarted = .now()
            idleSince = nil
            armTimer(context)
        }
        context.fireChannelRead(data)
    }

    /// Arms the timer unless it is armed: at the deadline being waited for, or sooner.
    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, let deadline = waitDeadline else { return }
        let latest = NIODeadline.now() + min(headerTimeout, idleTimeout)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: min(deadline, latest)) { [self] in
            timer = nil
            guard let context = self.context, let deadline = waitDeadline else { return }
            guard NIODeadline.now() >= deadline else { return armTimer(context) }
            if headStarted != nil {
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: Self.timeoutAnswer)), promise: nil)
            }
            context.close(promise: nil)
        }
    }

    /// When the wait under way ends the connection: a head's deadline, or the idle timeout; nil
    /// while a request is in progress.
    private var waitDeadline: NIODeadline? {
        guard requestsInProgress == 0 else { return nil }
        if let headStarted { return headStarted + headerTimeout }
        return idleSince.map { $0 + idleTimeout }
    }

    /// A request head was decoded.
    func headReceived() {
        headStarted = nil
        idleSince = nil
        requestsInProgress += 1
        if requestsInProgress == 1 { entry?.markBusy() }
    }

    /// A response was written to its end.
    func responseEnded() {
        requestsInProgress = max(0, requestsInProgress - 1)
        guard requestsInProgress == 0 else { return }
        entry?.markWaiting()
        startIdling()
    }

    /// Writes and sends an answer `ReadLane` made as bytes (its head, and its body when that
    /// is not in `head`), ending its response.
    func writeAnswer(_ head: ByteBuffer, body: ByteBuffer? = nil) {
        guard let context else { return }
        context.write(wrapOutboundOut(head), promise: nil)
        if let body { context.write(wrapOutboundOut(body), promise: nil) }
        context.flush()
        responseEnded()
    }

    private func startIdling() {
        idleSince = .now()
        if let context { armTimer(context) }
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        entry = registry.admit(context.channel, watch: watch)
        if entry == nil { return context.close(promise: nil) }
        startIdling()
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        headStarted = nil
        idleSince = nil
    }
}
