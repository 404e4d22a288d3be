import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers the light reads (`NanoResponder.answerNow`: `GET /`, a document, a cache value, a
/// search document, a list by keys, a stored object) on the connection's event loop, where their
/// request was decoded, and passes every other request on to Hummingbird.
///
/// Through Hummingbird, each request is handed from the event loop to a task on Swift's
/// cooperative pool, and its answer handed back: two thread wake-ups per request, which perf
/// showed as the largest cost of a GET by id (scheduler and futex work well above nano's own
/// code), with nginx at 3 times the rate. These reads take microseconds and never wait, so they
/// are made and written here, as nginx serves a file from its worker. A stored object is opened
/// here too (as nginx does) and sent by the kernel (`FileBody`): through Hummingbird, a download
/// woke four threads in turn, and on a loaded machine each wake-up could wait for a core.
///
/// Sits after Hummingbird's connection-state handler, so that idle timeouts and graceful
/// shutdown see these requests as any other, and runs the connection's `RequestBoundaries`,
/// since it sees every part both ways. Answers leave in the order their requests came: while a
/// request passed on to Hummingbird is unanswered, the ones behind it are passed on too. A
/// request with a body, or asking to close its connection, is passed on (Hummingbird's loop
/// handles both).
final class ReadLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let responder: NanoResponder
    private var boundaries: RequestBoundaries
    /// Requests passed on to Hummingbird whose answers have not ended.
    private var passedOn = 0
    /// The head of the request being read, kept until its end to be answered here.
    private var held: HTTPRequest?
    private var date = HTTPDate.Cached()

    init(responder: NanoResponder, reportingTo connection: ConnectionGuard) {
        self.responder = responder
        boundaries = RequestBoundaries(reportingTo: connection)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        boundaries.read(part)
        switch part {
        case .head(let head) where passedOn == 0 && Self.mayAnswer(head):
            held = head
        case .head:
            passedOn += 1
            context.fireChannelRead(data)
        case .body:
            // Not sent without a length, which `mayAnswer` ruled out; passed on all the same.
            if let head = held { passOn(head, context: context) }
            context.fireChannelRead(data)
        case .end:
            guard let head = held else { return context.fireChannelRead(data) }
            held = nil
            guard let answer = responder.answerNow(head, channel: context.channel) else {
                passOn(head, context: context)
                return context.fireChannelRead(data)
            }
            var headers = answer.headers
            headers.append(date.now())
            answerPart(.head(HTTPResponse(status: .ok, headerFields: headers)), context: context)
            switch answer {
            case .json(let body): answerPart(.body(body), context: context)
            case .file(let file, _): file.send(on: context.channel)
            }
            answerPart(.end(nil), context: context)
            context.flush()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if case .end = part { passedOn = max(0, passedOn - 1) }
        boundaries.write(part, as: data, context: context, promise: promise)
    }

    /// A part of an answer made here.
    private func answerPart(_ part: HTTPResponsePart, context: ChannelHandlerContext) {
        boundaries.write(part, as: wrapOutboundOut(part), context: context, promise: nil)
    }

    private func passOn(_ head: HTTPRequest, context: ChannelHandlerContext) {
        held = nil
        passedOn += 1
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// A GET with no body that leaves its connection open.
    private static func mayAnswer(_ head: HTTPRequest) -> Bool {
        head.method == .get && head.headerFields[.transferEncoding] == nil
            && (head.headerFields[.contentLength].map { $0 == "0" } ?? true)
            && !(head.headerFields[.connection]?.lowercased().contains("close") ?? false)
    }
}
