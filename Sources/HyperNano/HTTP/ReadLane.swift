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
/// A JSON answer leaves as the bytes HTTP/1's encoder would write, written by the connection's
/// `ConnectionGuard` at the head of the pipeline: taken as three parts through the HTTP types'
/// conversion, HTTP/1's encoder and the handlers between, it was a third of a `GET /`'s
/// instructions. A stored object's head and end still take that way, its body the kernel's.
///
/// Sits before Hummingbird's connection-state handler, which sees only the requests passed on
/// (it counts the requests it sees until their answers end, and this lane's answers never reach
/// it; `ConnectionGuard` keeps the idle timeout for both), and runs the connection's
/// `RequestBoundaries`, since it sees every part both ways. Answers leave in the order their
/// requests came: while a request passed on to Hummingbird is unanswered, the ones behind it are
/// passed on too. A request with a body, or asking to close its connection, is passed on
/// (Hummingbird's loop handles both).
final class ReadLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let responder: NanoResponder
    private let connection: ConnectionGuard
    private var boundaries: RequestBoundaries
    /// Requests passed on to Hummingbird whose answers have not ended.
    private var passedOn = 0
    /// The head of the request being read, kept until its end to be answered here.
    private var held: HTTPRequest?
    private var date = HTTPDate.Cached()

    init(responder: NanoResponder, reportingTo connection: ConnectionGuard) {
        self.responder = responder
        self.connection = connection
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
            switch answer {
            case .json(let body):
                writeAsBytes(body, headers: headers, allocator: context.channel.allocator)
            case .file(let file, _):
                answerPart(.head(HTTPResponse(status: .ok, headerFields: headers)), context: context)
                file.send(on: context.channel)
                answerPart(.end(nil), context: context)
                context.flush()
            }
        }
    }

    /// A 200 with `body` and `headers`, as HTTP/1's encoder writes one: the status line, each
    /// field as `Name: value`, a blank line, the body (in the same buffer when small).
    private func writeAsBytes(_ body: ByteBuffer, headers: HTTPFields, allocator: ByteBufferAllocator) {
        let bodyCopied = body.readableBytes <= Self.largestBodyCopied
        var head = allocator.buffer(capacity: 192 + (bodyCopied ? body.readableBytes : 0))
        head.writeStaticString("HTTP/1.1 200 OK\r\n")
        for field in headers {
            head.writeString(field.name.rawName)
            head.writeStaticString(": ")
            head.writeString(field.value)
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("\r\n")
        if bodyCopied {
            head.writeImmutableBuffer(body)
            connection.writeAnswer(head)
        } else {
            connection.writeAnswer(head, body: body)
        }
    }

    /// Bodies up to this size are copied behind their head, one write; larger ones are a
    /// second write of their own buffer.
    private static let largestBodyCopied = 16 * 1024

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
