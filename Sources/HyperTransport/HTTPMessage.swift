/// Progress of a body transfer: bytes so far and, when the size is known, the total.
public struct TransferProgress: Sendable, Equatable {
    public var bytes: Int64
    public var total: Int64?
    public init(bytes: Int64, total: Int64?) {
        self.bytes = bytes
        self.total = total
    }
}

/// Called on the transfer thread, often (at least once a second): keep it quick.
public typealias ProgressHandler = @Sendable (TransferProgress) -> Void

/// Where a request body comes from: nothing, bytes in memory (JSON), or a file streamed from disk.
package enum RequestBody: Sendable {
    case none
    case bytes([UInt8])
    case file(path: String)
}

/// Where a response body goes. A file sink only receives a 2xx body: an error answer is kept in
/// memory so it can be reported instead of landing in the user's file.
package enum ResponseSink: Sendable {
    /// In memory, at most `TransferSettings.maxAnswerBytes` once decoded: past that the transfer
    /// stops and fails with `.answerTooLarge`.
    case memory
    /// A file, created or truncated once a 2xx body starts; removed again when the transfer
    /// fails after that, so no partial file is left behind.
    case file(path: String)
    /// An open descriptor (stdout, a pipe), written to as is and left open.
    case descriptor(Int32)
    /// The first `limit` bytes in memory; the transfer ends as soon as they have arrived, and
    /// the rest of the answer is never read. For answers only worth a glance (why a webhook
    /// target refused a job).
    case prefix(Int)
}

/// Connection, TLS and answer limits of one transfer.
package struct TransferSettings: Sendable {
    /// Seconds allowed to establish a connection (TCP + TLS).
    package var connectTimeout: Double
    /// Seconds allowed for the whole exchange, the bodies included.
    package var totalTimeout: Double
    package var insecure: Bool
    package var caCertPath: String?
    /// Bytes an answer held in memory may have once decoded (a few KB of gzip can inflate to
    /// gigabytes, and a chunked body can be endless).
    package var maxAnswerBytes: Int64
    /// Whether a GET or HEAD follows redirects. Other methods never do: curl would turn a POST
    /// into a GET, or repeat a PUT without its body, and report the redirect target's answer.
    package var followsRedirects: Bool
    /// Whether to ask for compressed answers (gzip, deflate, br, zstd) and decode them. Off: no
    /// Accept-Encoding is sent and the bytes are taken as they come, never inflated.
    package var decodesContent: Bool

    package static let defaultMaxAnswerBytes: Int64 = 256 << 20

    package init(connectTimeout: Double = 5, totalTimeout: Double = 30, insecure: Bool = false,
                 caCertPath: String? = nil, maxAnswerBytes: Int64 = defaultMaxAnswerBytes,
                 followsRedirects: Bool = true, decodesContent: Bool = true) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.insecure = insecure
        self.caCertPath = caCertPath
        self.maxAnswerBytes = maxAnswerBytes
        self.followsRedirects = followsRedirects
        self.decodesContent = decodesContent
    }
}

package struct HTTPRequest: Sendable {
    package var method: String
    package var url: String
    package var headers: [(String, String)]
    package var body: RequestBody
    package var sink: ResponseSink
    package var progress: ProgressHandler?

    package init(method: String, url: String, headers: [(String, String)] = [], body: RequestBody = .none,
                 sink: ResponseSink = .memory, progress: ProgressHandler? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.sink = sink
        self.progress = progress
    }

    /// Methods that may be repeated after a failure without changing the outcome.
    package var isIdempotent: Bool { ["GET", "PUT", "DELETE", "HEAD"].contains(method) }

    /// Reads: the only requests a redirect may be followed for.
    package var isRead: Bool { method == "GET" || method == "HEAD" }
}

package struct HTTPResponse: Sendable {
    package var status: Int
    /// Headers of the final response (after redirects), names lowercased.
    package var headers: [(String, String)]
    /// The body when it went to memory (always, for non-2xx answers).
    package var body: [UInt8]
    /// Bytes written to a file sink.
    package var fileBytes: Int64
    /// 1 = HTTP/1.0, 2 = HTTP/1.1, 3 = HTTP/2 (CURLINFO_HTTP_VERSION).
    package var httpVersion: Int
    /// New connections curl had to open for this transfer (0 when one was reused).
    package var newConnections: Int
    package var effectiveURL: String

    package func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last(where: { $0.0 == lower })?.1
    }

    /// A redirect (3xx other than 304 Not Modified) and where it points, when it says.
    package var redirectLocation: String? {
        guard (300..<400).contains(status), status != 304 else { return nil }
        return header("location")
    }
}
