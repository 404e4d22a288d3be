import HummingbirdCore
import Logging
import NanoOptions
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with nano's `ConnectionGuard` in front (connection cap,
/// request-head deadline, idle timeout, the client's departure), NIO's `BackPressureHandler` (no
/// reading while answers wait to be written), and `ReadLane` right after NIO's HTTP/1 decoder,
/// before the conversion to the HTTP types, answering the light reads itself (and running the
/// connection's `RequestBoundaries`). Hummingbird builds the rest of the pipeline and serves the
/// other requests; its idle timeout is off (`ConnectionGuard` says why).
struct NanoHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let registry: ConnectionRegistry
    let headerTimeout: TimeAmount
    let idleTimeout: TimeAmount
    let drainTimeout: TimeAmount
    /// The application's responder, for `ReadLane`.
    let nano: NanoResponder

    static func server(limits: NanoLimits, registry: ConnectionRegistry, nano: NanoResponder) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            NanoHTTPChannel(
                http1: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: nil)),
                registry: registry,
                headerTimeout: TimeAmount(limits.headerTimeout),
                idleTimeout: TimeAmount(limits.idleTimeout),
                drainTimeout: TimeAmount(limits.drainTimeout),
                nano: nano)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let connection = ConnectionGuard(registry: registry, headerTimeout: headerTimeout, idleTimeout: idleTimeout,
                                         drainTimeout: drainTimeout)
        do {
            try channel.pipeline.syncOperations.addHandler(connection, position: .first)
            // ReadLane answers as it reads, outside the async channel's backpressure: a client
            // that sends requests and never reads their answers must stop being read, not have
            // its answers pile up in memory.
            try channel.pipeline.syncOperations.addHandler(BackPressureHandler(), position: .after(connection))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            // Before the conversion to the HTTP types, and so before Hummingbird's
            // connection-state handler, which counts the requests it sees until their answers
            // end: it sees only those passed on.
            let conversion = try channel.pipeline.syncOperations.handler(type: HTTP1ToHTTPServerCodec.self)
            try channel.pipeline.syncOperations.addHandler(ReadLane(responder: nano, reportingTo: connection), position: .before(conversion))
            return value
        }.nonisolated()
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
