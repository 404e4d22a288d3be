import HTTPTypes
import Hummingbird
import NanoOptions

/// Which web pages may call nano. None by default: a page open in the user's browser must not
/// read or write local data, and hyper's `cors({credentials:true})`, which reflects any origin
/// with credentials, let any page do both. `--cors ORIGIN` allows one exact origin (with
/// credentials); `--cors '*'` allows every page, never with credentials.
///
/// A request carrying an `Origin` that is not allowed is refused with 403 before it runs:
/// browsers send `Origin` on every cross-origin write, including the form posts and
/// `text/plain` bodies that they send without asking first (no preflight). The SDKs, the CLI
/// and curl send no `Origin` and are not affected.
struct CORSPolicy: Sendable {
    private let origins: Set<String>
    private let allowsAnyOrigin: Bool

    static let methods = "GET, HEAD, PUT, POST, DELETE"

    init(origins: [String]) {
        allowsAnyOrigin = origins.contains("*")
        self.origins = Set(origins.filter { $0 != "*" }.map(CORSOrigin.normalized))
    }

    /// The 403 for a request whose `Origin` is not allowed; nil when it may run.
    func refusal(_ req: NanoRequest) -> HyperFailure? {
        guard let origin = req.header("Origin"), !isAllowed(origin) else { return nil }
        return HyperFailure(
            403, "cross-origin request from '\(origin)' refused: nano allows no web page to call it unless started "
                + "with --cors ORIGIN")
    }

    /// A preflight (`OPTIONS`) answered for an allowed origin; refused ones never get here.
    func preflight(_ req: NanoRequest) -> Response {
        var response = Response(status: .noContent)
        response.headers[.contentLength] = "0"
        guard let origin = req.header("Origin") else {
            response.headers[.allow] = Self.methods + ", OPTIONS"
            return response
        }
        response.headers[.accessControlAllowMethods] = Self.methods
        // The origin is trusted, so whatever headers its page wants to send are fine.
        if let headers = req.header("Access-Control-Request-Headers") {
            response.headers[.accessControlAllowHeaders] = headers
        }
        response.headers[.accessControlMaxAge] = "600"
        decorate(&response, origin: origin)
        return response
    }

    /// The CORS headers of an answer to an allowed origin (none without `Origin`).
    func decorate(_ response: inout Response, for req: NanoRequest) {
        guard let origin = req.header("Origin") else { return }
        decorate(&response, origin: origin)
    }

    private func decorate(_ response: inout Response, origin: String) {
        if origins.contains(CORSOrigin.normalized(origin)) {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowCredentials] = "true"
            response.headers[.vary] = "Origin"
        } else if allowsAnyOrigin {
            response.headers[.accessControlAllowOrigin] = "*"
        }
    }

    private func isAllowed(_ origin: String) -> Bool {
        allowsAnyOrigin || origins.contains(CORSOrigin.normalized(origin))
    }
}
