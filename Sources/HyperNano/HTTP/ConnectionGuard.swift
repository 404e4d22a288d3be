import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The first handler of every connection, on raw bytes: registers the connection with the
/// server's `ConnectionRegistry` (closing it at once when refused), and gives a request head a
/// deadline from its first byte, so that a client sending half a request line and stalling is
/// answered 408 and dropped instead of holding its socket. (Hummingbird's own idle timeout
/// closes connections that send nothing.)
///
/// It learns where requests start and end from `RequestBoundaries` (run by `ReadLane`, among the
/// decoded parts, which sees every request head and response end), and it tells the
/// connection's `ConnectionWatch` when the client leaves (closes the connection or its side).
final class ConnectionGuard: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let registry: ConnectionRegistry
    private let headerTimeout: TimeAmount
    private let watch = ConnectionWatch()
    private var context: ChannelHandlerContext?
    private var registered = false
    /// This connection in the registry; nil before it is admitted (and when refused).
    private var entry: ConnectionEntry?
    /// Requests whose head arrived and whose response has not ended (more than one when pipelined).
    private var requestsInProgress = 0
    /// When the first byte of the head being received arrived; nil when none is awaited.
    private var headStarted: NIODeadline?
    /// At most one timer per connection, re-armed when it fires early: scheduling and cancelling
    /// one per request cost 2% of a GET by id.
    private var headTimer: Scheduled<Void>?

    private static let timeoutAnswer = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

    init(registry: ConnectionRegistry, headerTimeout: TimeAmount) {
        self.registry = registry
        self.headerTimeout = headerTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { register(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelHeadTimer()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelHeadTimer()
        watch.clientLeft()
        registry.remove(context.channel)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { watch.clientLeft() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if requestsInProgress == 0, headStarted == nil {
            let started = NIODeadline.now()
            headStarted = started
            if headTimer == nil { armHeadTimer(context, at: started + headerTimeout) }
        }
        context.fireChannelRead(data)
    }

    /// At `deadline`: a head still awaited since `headerTimeout` ago is answered 408 and its
    /// connection closed; one that began later is given the rest of its time.
    private func armHeadTimer(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        headTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            headTimer = nil
            guard let context = self.context, requestsInProgress == 0, let started = headStarted else { return }
            if NIODeadline.now() < started + headerTimeout {
                armHeadTimer(context, at: started + headerTimeout)
                return
            }
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: Self.timeoutAnswer)), promise: nil)
            context.close(promise: nil)
        }
    }

    /// A request head was decoded.
    func headReceived() {
        headStarted = nil
        requestsInProgress += 1
        if requestsInProgress == 1 { entry?.markBusy() }
    }

    /// A response was written to its end.
    func responseEnded() {
        requestsInProgress = max(0, requestsInProgress - 1)
        if requestsInProgress == 0 { entry?.markWaiting() }
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        entry = registry.admit(context.channel, watch: watch)
        if entry == nil { context.close(promise: nil) }
    }

    private func cancelHeadTimer() {
        headTimer?.cancel()
        headTimer = nil
        headStarted = nil
    }
}
