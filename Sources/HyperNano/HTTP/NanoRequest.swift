import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HyperJSON

/// One incoming request, with its path already split into percent-decoded segments.
struct NanoRequest: Sendable {
    let request: Request
    let context: NanoRequestContext
    /// The server's connections, to learn whether this request's client is still there.
    let connections: ConnectionRegistry
    /// Decoded, non-empty path segments: `/data/test/a%20b` gives `["data", "test", "a b"]`.
    let segments: [String]
    /// The query string's parameters, parsed once (Hummingbird parses them on every look).
    private let parameters: FlatDictionary<Substring, Substring>

    init(request: Request, context: NanoRequestContext, connections: ConnectionRegistry) throws(HyperFailure) {
        self.request = request
        self.context = context
        self.connections = connections
        let rawSegments = Self.split(request.uri.path)
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
        parameters = request.uri.queryParameters
    }

    /// The path's non-empty segments between `/`s. An ASCII path (the usual one) is split in
    /// one pass over its bytes' storage, each segment a slice of the path: every byte of it is a
    /// Character of its own, so these are the segments String's `split` gives, which walks
    /// Characters and took 4,500 instructions of every request (and a walk through the UTF-8
    /// view's indices 1,800). A path with any other byte is split by Characters (a `/` followed
    /// by a combining mark is not a separator there).
    static func split(_ path: String) -> [Substring] {
        let utf8 = path.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        let ascii = utf8.withContiguousStorageIfAvailable { bytes -> [Substring]? in
            var segments: [Substring] = []
            segments.reserveCapacity(4)
            var start: Int?
            for offset in bytes.indices {
                let byte = bytes[offset]
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: "/") {
                    if let first = start { segments.append(path[index(first)..<index(offset)]) }
                    start = nil
                } else if start == nil {
                    start = offset
                }
            }
            if let first = start { segments.append(path[index(first)...]) }
            return segments
        }
        return (ascii ?? nil) ?? path.split(separator: "/")
    }

    var method: HTTPRequest.Method { request.method }

    func header(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return request.headers[field]
    }

    /// The query parameter's first value. Names are compared as they are, one parameter after
    /// the other, here and in `queryValues`: Hummingbird's lookup by name hashes the name first
    /// (SipHash).
    func query(_ name: String) -> String? {
        parameters.first { $0.key == name }.map { String($0.value) }
    }

    /// The first value of each of these query parameters, in one pass over the query string,
    /// and the first of `names` given more than once, if any (a data list reads five names per
    /// request: a pass and an array each took 1,500 instructions).
    func queryValues(_ names: [String]) -> (values: [String?], repeated: String?) {
        var values = [String?](repeating: nil, count: names.count)
        var repeated: Int?
        for (key, value) in parameters {
            guard let index = names.firstIndex(where: { $0 == key }) else { continue }
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
            var request = request
            buffer = try await request.collectBody(upTo: limit)
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
