import HTTPTypes
import Hummingbird
import HyperJSON

/// Builds hyper-shaped JSON responses.
enum Reply {
    static let jsonContentType = "application/json; charset=utf-8"

    static func json(_ value: JSON, status: Int = 200) -> Response {
        bytes(value.compactBytes, status: status)
    }

    /// A response from JSON text that is already serialized (stored documents are kept compact,
    /// so reads can skip a parse/print round trip).
    static func bytes(_ bytes: [UInt8], status: Int = 200) -> Response {
        body(ByteBuffer(bytes: bytes), status: status)
    }

    /// A response from JSON text already in a buffer (a large answer written there directly).
    static func body(_ buffer: ByteBuffer, status: Int = 200) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: headers(of: buffer), body: ResponseBody(byteBuffer: buffer))
    }

    /// The headers of a JSON answer whose body is `buffer`. Fields are appended, not set by
    /// name (which searches the fields and checks the value each time): the type's is checked
    /// once, here.
    static func headers(of buffer: ByteBuffer) -> HTTPFields {
        var headers = HTTPFields()
        headers.append(jsonContentTypeField)
        headers.append(HTTPField(name: .contentLength, value: String(buffer.readableBytes)))
        return headers
    }

    private static let jsonContentTypeField = HTTPField(name: .contentType, value: jsonContentType)

    static let ok = json(["ok": true])
    static let created = json(["ok": true], status: 201)

    static func failure(_ failure: HyperFailure) -> Response {
        var response = json(failure.body, status: failure.status)
        if let seconds = failure.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }
}

/// Concatenates stored compact JSON texts into a response body without re-parsing them.
struct JSONTextBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ json: JSON) { bytes.append(contentsOf: json.compactBytes) }

    /// `{<fields of head>,"<key>":<text>}`: small fields around one stored compact JSON text.
    mutating func appendObject(_ head: JSONObject, then key: String, text: String) {
        appendOpening(head, then: key)
        append(text)
        append("}")
    }

    /// `{<fields of head>,"<key>":<stored>}` in one buffer: `stored` is a stored compact JSON
    /// text (a document, a value).
    static func object(_ head: JSONObject, then key: String, stored: ByteBuffer) -> ByteBuffer {
        var opening = JSONTextBuilder()
        opening.appendOpening(head, then: key)
        var buffer = ByteBufferAllocator().buffer(capacity: opening.bytes.count + stored.readableBytes + 1)
        buffer.writeBytes(opening.bytes)
        buffer.writeImmutableBuffer(stored)
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }

    /// `{<fields of head>,"<key>":`, the object left open for the value.
    private mutating func appendOpening(_ head: JSONObject, then key: String) {
        bytes.append(contentsOf: JSON.object(head).compactBytes.dropLast())  // keeps it open
        if !head.isEmpty { append(",") }
        append(JSON.string(key))
        append(":")
    }

    /// `{"ok":true,"<key>":[t1,t2,...]}` from compact JSON texts, written once into a buffer of
    /// its size (grown append by append, then copied into the answer's buffer, it was several
    /// allocations per list).
    static func okList<Text: CompactJSONText>(_ key: String, _ texts: [Text]) -> ByteBuffer {
        // written in parts: an interpolated head cost a String of its own per list
        var buffer = ByteBufferAllocator().buffer(capacity: texts.reduce(key.utf8.count + 17) { $0 + $1.byteCount + 1 })
        buffer.writeStaticString("{\"ok\":true,\"")
        buffer.writeString(key)
        buffer.writeStaticString("\":[")
        for (index, text) in texts.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            text.write(to: &buffer)
        }
        buffer.writeString("]}")
        return buffer
    }
}

/// A compact JSON text as nano holds one: made in Swift (a String), or read from the database as
/// it is stored (a buffer, never decoded).
protocol CompactJSONText {
    var byteCount: Int { get }
    func write(to buffer: inout ByteBuffer)
}

extension String: CompactJSONText {
    var byteCount: Int { utf8.count }
    func write(to buffer: inout ByteBuffer) { buffer.writeString(self) }
}

extension ByteBuffer: CompactJSONText {
    var byteCount: Int { readableBytes }
    func write(to buffer: inout ByteBuffer) { buffer.writeImmutableBuffer(self) }
}
