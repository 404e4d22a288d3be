import HyperJSON

/// Everything a hyper call can fail with. `exitCode` is the CLI's: 1 when the server answered
/// with an error, 3 when there was no usable answer.
public enum HyperError: Error, Sendable, CustomStringConvertible {
    /// hyper answered `ok:false`; `status` is the HTTP status (or the body's, on a 2xx answer).
    case hyper(status: Int, msg: String, body: JSON)
    /// An HTTP error whose body is not JSON (a proxy's 502 page, express's "Internal Server Error").
    case http(status: Int, body: String)
    /// No answer: curl's own reason (refused, timed out, TLS, DNS...).
    case network(reason: String)
    /// An answer that is not what hyper sends (bad JSON: with line and column).
    case invalidResponse(String)
    case cancelled

    public var status: Int? {
        switch self {
        case .hyper(let status, _, _), .http(let status, _): status
        case .network, .invalidResponse, .cancelled: nil
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .hyper, .http: 1
        case .network, .invalidResponse: 3
        case .cancelled: 130
        }
    }

    public var description: String {
        switch self {
        case .hyper(let status, let msg, _): "hyper error \(status): \(msg)"
        case .http(let status, let body):
            body.isEmpty ? "HTTP error \(status)" : "HTTP error \(status): \(HyperError.excerpt(body))"
        case .network(let reason): "network error: \(reason)"
        case .invalidResponse(let why): "invalid response: \(why)"
        case .cancelled: "cancelled"
        }
    }

    /// Error pages can be long HTML: one line of at most 200 characters says enough.
    private static func excerpt(_ body: String) -> String {
        let oneLine = body.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.joined(separator: " ")
        return oneLine.count > 200 ? String(oneLine.prefix(200)) + "…" : oneLine
    }
}
