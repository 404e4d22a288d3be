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
enum RequestBody: Sendable {
    case none
    case bytes([UInt8])
    case file(path: String)
}

/// Where a response body goes. A file sink only receives a 2xx body: an error answer is kept in
/// memory so it can be reported instead of landing in the user's file.
enum ResponseSink: Sendable {
    case memory
    case file(path: String)
    /// An open descriptor (stdout, a pipe), written to as is and left open.
    case descriptor(Int32)
}

/// Connection and TLS settings of one transfer (from `ClientOptions`).
struct TransferSettings: Sendable {
    var connectTimeout: Double
    var totalTimeout: Double
    var insecure: Bool
    var caCertPath: String?

    init(_ options: ClientOptions) {
        connectTimeout = options.connectTimeout
        totalTimeout = options.totalTimeout
        insecure = options.insecure
        caCertPath = options.caCertPath
    }
}

struct HTTPRequest: Sendable {
    var method: String
    var url: String
    var headers: [(String, String)] = []
    var body: RequestBody = .none
    var sink: ResponseSink = .memory
    var progress: ProgressHandler? = nil

    /// Methods that may be repeated after a failure without changing the outcome.
    var isIdempotent: Bool { ["GET", "PUT", "DELETE", "HEAD"].contains(method) }
}

struct HTTPResponse: Sendable {
    var status: Int
    /// Headers of the final response (after redirects), names lowercased.
    var headers: [(String, String)]
    /// The body when it went to memory (always, for non-2xx answers).
    var body: [UInt8]
    /// Bytes written to a file sink.
    var fileBytes: Int64
    /// 1 = HTTP/1.0, 2 = HTTP/1.1, 3 = HTTP/2 (CURLINFO_HTTP_VERSION).
    var httpVersion: Int
    /// New connections curl had to open for this transfer (0 when one was reused).
    var newConnections: Int
    var effectiveURL: String

    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last(where: { $0.0 == lower })?.1
    }
}

/// Why a transfer produced no response.
enum TransportFailure: Error, Sendable {
    /// curl gave up; `code` is the CURLcode, `reason` curl's error buffer or strerror.
    case curl(code: Int, reason: String)
    /// A local file could not be read or written.
    case file(String)
    case cancelled
}
