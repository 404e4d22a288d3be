import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HyperJSON
import NIOCore
import NIOHTTP1

/// One incoming request, with its path already split into percent-decoded segments. Made from
/// Hummingbird's `Request`, or, for a read answered on the event loop, from the HTTP/1 head as
/// NIO decoded it (`ReadLane`), which never becomes a Hummingbird request.
struct NanoRequest: Sendable {
    let method: HTTPRequest.Method
    /// The path as sent, percent-encoding and all (no query): for log lines.
    let path: String
    private let headers: RequestHeaders
    /// The body, read by the routes that take one.
    let body: RequestBody
    /// The connection the request came on.
    let channel: any Channel
    /// The server's connections, to learn whether this request's client is still there.
    let connections: ConnectionRegistry
    /// Decoded, non-empty path segments: `/data/test/a%20b` gives `["data", "test", "a b"]`.
    let segments: [String]
    /// The query string's parameters, parsed once (`QueryString`).
    private let parameters: [QueryString.Parameter]

    init(request: Request, context: NanoRequestContext, connections: ConnectionRegistry) throws(HyperFailure) {
        let query = QueryString.query(ofTarget: request.uri.string[...])
        try self.init(method: request.method, path: request.uri.path, parameters: query.map(QueryString.parameters) ?? [],
                      headers: .fields(request.headers), body: request.body, channel: context.channel, connections: connections)
    }

    /// A GET without a body, from its HTTP/1 head, whose target is a path (`/...`): its fields are
    /// looked up where NIO decoded them (the HTTP types' conversion of the whole head cost more
    /// than the read). The path is the target up to a `?`, as Hummingbird's `URI` reads an
    /// origin-form target's path.
    init(get head: HTTPRequestHead, channel: any Channel, connections: ConnectionRegistry) throws(HyperFailure) {
        let target = head.uri[...]
        let query = QueryString.query(ofTarget: target)
        let path = query.map { String(target[..<target.utf8.index(before: $0.startIndex)]) } ?? head.uri
        try self.init(method: .get, path: path, parameters: query.map(QueryString.parameters) ?? [],
                      headers: .http1(head.headers), body: RequestBody(buffer: ByteBuffer()), channel: channel, connections: connections)
    }

    private init(method: HTTPRequest.Method, path: String, parameters: [QueryString.Parameter],
                 headers: RequestHeaders, body: RequestBody, channel: any Channel, connections: ConnectionRegistry) throws(HyperFailure) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.channel = channel
        self.connections = connections
        let rawSegments = Self.split(path)
        var segments: [String] = []
        segments.reserveCapacity(rawSegments.count)
        for raw in rawSegments {
            guard let segment = raw.percentDecoded else {
                throw HyperFailure(400, "path segment '\(raw)' is not valid percent-encoding")
            }
            // Ids and names travel in segments: none may hold a control character.
            try InputRules.checkIdentifier(segment, field: "path segment '\(raw)'")
            segments.append(segment)
        }
        self.segments = segments
        self.parameters = parameters
    }

    /// The path's non-empty segments between `/`s. An ASCII path (the usual one) is split in
    /// one pass over its bytes' storage, each segment a slice of the path: every byte of it is a
    /// Character of its own, so these are the segments String's `split` gives, which walks
    /// Characters and took 4,500 instructions of every request (and a walk through the UTF-8
    /// view's indices 1,800). A path with any other byte is split by Characters (a `/` followed
    /// by a combining mark is not a separator there).
    static func split(_ path: String) -> [Substring] {
        let ascii = path.utf8.withContiguousStorageIfAvailable { bytes -> [Substring]? in
            var segments: [Substring] = []
            segments.reserveCapacity(4)
            var start: Int?
            for offset in bytes.indices {
                let byte = bytes[offset]
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: "/") {
                    if let first = start { segments.append(path.slice(atByteOffsets: first..<offset)) }
                    start = nil
                } else if start == nil {
                    start = offset
                }
            }
            if let first = start { segments.append(path.slice(atByteOffsets: first..<bytes.count)) }
            return segments
        }
        return (ascii ?? nil) ?? path.split(separator: "/")
    }

    /// The field's value; several fields of the name are joined with ", ".
    func header(_ name: String) -> String? { headers[name] }

    /// The query parameter's first value. Names are compared as they are, one parameter after
    /// the other, here and in `queryValues` (a lookup by hash would hash each name first).
    func query(_ name: String) -> String? {
        parameters.first { $0.name == name }.map { String($0.value) }
    }

    /// The first value of each of these query parameters, in one pass over the query string,
    /// and the first of `names` given more than once, if any (a data list reads five names per
    /// request: a pass and an array each took 1,500 instructions).
    func queryValues(_ names: [String]) -> (values: [String?], repeated: String?) {
        var values = [String?](repeating: nil, count: names.count)
        var repeated: Int?
        for (name, value) in parameters {
            // Compared as Strings: a String against a Substring takes the general comparison.
            let name = String(name)
            guard let index = names.firstIndex(where: { $0 == name }) else { continue }
            if values[index] == nil {
                values[index] = String(value)
            } else {
                repeated = min(repeated ?? index, index)
            }
        }
        return (values, repeated.map { names[$0] })
    }

    /// Reads the whole body as JSON: an empty body is `{}` (whatever its Content-Type), a body
    /// over `limit` bytes is 413, one not sent as JSON is 415, bad JSON is 400 with its position.
    ///
    /// hyper parses every body as JSON whatever its type (express.json({type:'*/*'})); nano
    /// does not, because browsers send `text/plain` bodies cross-origin without asking first,
    /// so any web page could have written through that. Every SDK and the CLI send
    /// `application/json`.
    func json(limit: Int = BodyLimit.json) async throws(HyperFailure) -> JSON {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw HyperFailure(413, "request body is larger than \(limit / 1_048_576) MB")
        }
        if buffer.readableBytes == 0 { return [:] }
        if !Self.isJSON(contentType: header("Content-Type")) {
            let sent = header("Content-Type").map { "Content-Type '\($0)'" } ?? "no Content-Type"
            throw HyperFailure(415, "request body sent with \(sent): nano reads bodies sent as application/json (or a +json type)")
        }
        do {
            return try buffer.withUnsafeReadableBytes { raw throws(JSONParseError) -> JSON in
                try JSON.parse(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count),
                               limits: InputRules.body)
            }
        } catch {
            throw HyperFailure(400, "invalid JSON body: \(error.description)")
        }
    }
}

extension NanoRequest {
    /// `application/json` or `application/<anything>+json`, parameters (charset) allowed.
    static func isJSON(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}

/// Body limits of hyper's app-express.
enum BodyLimit {
    static let json = 10 * 1_048_576
    static let document = 8 * 1_048_576
}
