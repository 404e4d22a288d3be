import HyperJSON

/// Everything a hyper call can fail with. `exitCode` is the CLI's: 1 when the server answered
/// with an error, 3 when there was no usable answer, 2 when the call was refused as asked.
public enum HyperError: Error, Sendable, CustomStringConvertible {
    /// hyper answered `ok:false`; `status` is the HTTP status (or the body's, on a 2xx answer).
    case hyper(status: Int, msg: String, body: JSON)
    /// An HTTP error whose body is not JSON (a proxy's 502 page, express's "Internal Server Error").
    case http(status: Int, body: String)
    /// No answer: curl's own reason (refused, timed out, TLS, DNS...).
    case network(reason: String)
    /// An answer that is not what hyper sends (bad JSON: with line and column).
    case invalidResponse(String)
    /// The answer to a `method` request passed `limit` bytes once decoded
    /// (`ClientOptions.maxAnswerBytes`): the transfer was stopped there.
    case answerTooLarge(limit: Int64, method: String)
    /// A write (any method but GET and HEAD) was answered with a redirect to `location`.
    /// Redirects are never followed for writes (curl would turn a POST into a GET, or repeat a
    /// PUT without its body), so the write was not done where the redirect points.
    case redirectedWrite(method: String, status: Int, location: String)
    /// The call names something no URL can address: an empty id, or a path under a connection
    /// without a domain, would reach the service or a domain instead (`DELETE /data/test/` drops
    /// the whole database). Refused before anything is sent.
    case unaddressable(String)
    /// The server answered ok, and checking showed it did not do it (hyper's queue adapter
    /// answers ok to a cancel and keeps the job: hyper-2026.md H2).
    case notDone(String)
    case cancelled

    public var status: Int? {
        switch self {
        case .hyper(let status, _, _), .http(let status, _), .redirectedWrite(_, let status, _): status
        case .network, .invalidResponse, .answerTooLarge, .unaddressable, .notDone, .cancelled: nil
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .hyper, .http, .notDone: 1
        case .network, .invalidResponse, .answerTooLarge, .redirectedWrite: 3
        case .unaddressable: 2
        case .cancelled: 130
        }
    }

    /// One line for people. What the server sent (its message, error page, redirect target) is
    /// shown with control characters escaped: it may hold terminal escape sequences.
    public var description: String {
        switch self {
        case .hyper(let status, let msg, _): "hyper error \(status): \(TerminalText.escaped(msg))"
        case .http(let status, let body):
            body.isEmpty ? "HTTP error \(status)" : "HTTP error \(status): \(HyperError.excerpt(body))"
        case .network(let reason): "network error: \(TerminalText.escaped(reason))"
        case .invalidResponse(let why): "invalid response: \(TerminalText.escaped(why))"
        case .answerTooLarge(let limit, let method):
            "answer too large: over the limit of \(HyperError.size(limit)) for an answer held in memory "
                + "(counted after decompression); the transfer was stopped"
                + (method == "GET" || method == "HEAD" ? "" : " (the server may have applied this \(method); refresh to check)")
        case .redirectedWrite(let method, let status, let location):
            "not done: the server answered the \(method) with a redirect (\(status)) to "
                + "\(TerminalText.escaped(location)) instead of doing it; writes never follow redirects, "
                + "so nothing was sent there (point the connection at the new address)"
        case .unaddressable(let why): "refused, nothing was sent: \(TerminalText.escaped(why))"
        case .notDone(let why): "not done: \(TerminalText.escaped(why))"
        case .cancelled: "cancelled"
        }
    }

    /// Error pages can be long HTML: one line of at most 200 characters says enough.
    private static func excerpt(_ body: String) -> String {
        let oneLine = body.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.joined(separator: " ")
        return TerminalText.escaped(oneLine.count > 200 ? String(oneLine.prefix(200)) + "…" : oneLine)
    }

    /// `256 MiB`, `1 KiB`, or bytes when the limit is not a whole number of either.
    static func size(_ bytes: Int64) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
