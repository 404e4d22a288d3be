import HTTPTypes
import Hummingbird

/// CORS as hyper's `cors({credentials:true})`: reflect the origin and answer preflights with the
/// requested method and headers, so a browser UI can talk to nano.
enum CORS {
    static func preflight(_ req: NanoRequest) -> Response {
        var response = Response(status: .noContent)
        let requestedMethod = req.header("Access-Control-Request-Method") ?? "GET,HEAD,PUT,PATCH,POST,DELETE"
        response.headers[.accessControlAllowMethods] = requestedMethod
        if let headers = req.header("Access-Control-Request-Headers") {
            response.headers[.accessControlAllowHeaders] = headers
        }
        response.headers[.contentLength] = "0"
        decorate(&response, for: req)
        return response
    }

    static func decorate(_ response: inout Response, for req: NanoRequest) {
        guard let origin = req.header("Origin") else { return }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlAllowCredentials] = "true"
        response.headers[.vary] = "Origin"
    }
}
