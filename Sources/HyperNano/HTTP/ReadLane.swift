import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

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
/// Sits right after NIO's HTTP/1 decoder, before the conversion to the HTTP types
/// (`HTTP1ToHTTPServerCodec`): a light read is answered from NIO's head (`NanoRequest(get:)`),
/// and only a head passed on is converted (the conversion, URL parsing included, was a tenth of
/// a GET by id's instructions). A JSON answer leaves as the bytes HTTP/1's encoder would write,
/// written by the connection's `ConnectionGuard` at the head of the pipeline: taken as three
/// parts through the encoder and the handlers between, it was a third of a `GET /`'s
/// instructions. A stored object's head and end still take that way, its body the kernel's.
///
/// Hummingbird's connection-state handler sees only the requests passed on (it counts the
/// requests it sees until their answers end, and this lane's answers never reach it;
/// `ConnectionGuard` keeps the idle timeout for both). The lane runs the connection's
/// `RequestBoundaries`, since it sees every part both ways. Answers leave in the order their
/// requests came: while a request passed on to Hummingbird is unanswered, the ones behind it are
/// passed on too. A request with a body, or one after whose answer its connection closes, is
/// passed on (Hummingbird's loop handles both), as is one whose target is not a path (an
/// absolute URL, which the conversion reduces to its path).
///
/// The conversion drops the request's HTTP version, and with it HTTP/1.0's default (close after
/// the answer unless asked to keep alive): Hummingbird kept such a connection open, and a client
/// reading the answer to its end (ApacheBench without -k, a shell's `nc`) waited for the idle
/// timeout. A head passed on says `Connection: close` whenever NIO reads its connection as not
/// kept alive, the one thing Hummingbird reads. Every answer has a length (no chunked encoding,
/// which HTTP/1.0 lacks), so an HTTP/1.0 client reads the HTTP/1.1 status line and body as it
/// would its own version's.
final class ReadLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: NanoResponder
    private let connection: ConnectionGuard
    private var boundaries: RequestBoundaries
    /// Requests passed on to Hummingbird whose answers have not ended.
    private var passedOn = 0
    /// The head of the request being read, kept until its end to be answered here.
    private var held: HTTPRequestHead?
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
        case .head(let head):
            passOn(head, context: context)
        case .body:
            // Not sent without a length, which `mayAnswer` ruled out; passed on all the same.
            if let head = held { passOn(head, context: context) }
            context.fireChannelRead(data)
        case .end:
            guard let head = held else { return context.fireChannelRead(data) }
            held = nil
            guard let answer = responder.answerNow(get: head, channel: context.channel) else {
                passOn(head, context: context)
                return context.fireChannelRead(data)
            }
            switch answer {
            case .json(let body):
                writeAsBytes(body, allocator: context.channel.allocator)
            case .file(let file, let contentType):
                var headers = FileBody.headers(of: file, contentType: contentType)
                headers.append(HTTPField(name: .date, value: date.now()))
                answerPart(.head(HTTPResponseHead(HTTPResponse(status: .ok, headerFields: headers))), context: context)
                file.send(on: context.channel)
                answerPart(.end(nil), context: context)
                context.flush()
            }
        }
    }

    /// A JSON 200 with `body`, as HTTP/1's encoder writes the full way's (`Reply.body`): the
    /// status line, the fields `Reply.headers(of:)` gives and the date, each as `Name: value`, a
    /// blank line, the body (in the same buffer when small). Written from constant text, not
    /// through `HTTPFields`, whose making and writing field by field took a tenth of a GET by
    /// id's instructions; `ReadLaneTests` holds the two heads equal line for line.
    private func writeAsBytes(_ body: ByteBuffer, allocator: ByteBufferAllocator) {
        let bodyCopied = body.readableBytes <= Self.largestBodyCopied
        var head = allocator.buffer(capacity: 160 + (bodyCopied ? body.readableBytes : 0))
        head.writeStaticString("HTTP/1.1 200 OK\r\nContent-Type: ")
        head.writeString(Reply.jsonContentType)
        head.writeStaticString("\r\nContent-Length: ")
        head.writeString(String(body.readableBytes))
        head.writeStaticString("\r\nDate: ")
        head.writeString(date.now())
        head.writeStaticString("\r\n\r\n")
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
    private func answerPart(_ part: HTTPServerResponsePart, context: ChannelHandlerContext) {
        boundaries.write(part, as: wrapOutboundOut(part), context: context, promise: nil)
    }

    private func passOn(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        held = nil
        passedOn += 1
        context.fireChannelRead(wrapInboundOut(.head(Self.closingAsItsVersionSays(head))))
    }

    /// `head`, saying `Connection: close` when its connection is not kept alive (HTTP/1.0 without
    /// `keep-alive`), which the conversion to the HTTP types would otherwise forget.
    private static func closingAsItsVersionSays(_ head: HTTPRequestHead) -> HTTPRequestHead {
        guard !head.isKeepAlive, !head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" }) else { return head }
        var closing = head
        closing.headers.add(name: "Connection", value: "close")
        return closing
    }

    /// A GET of a path, with no body, after whose answer the connection stays open.
    private static func mayAnswer(_ head: HTTPRequestHead) -> Bool {
        head.method == .GET && head.uri.utf8.first == UInt8(ascii: "/")
            && !head.headers.contains(name: "Transfer-Encoding")
            && head.headers["Content-Length"].allSatisfy { $0 == "0" }
            && head.isKeepAlive
    }
}
