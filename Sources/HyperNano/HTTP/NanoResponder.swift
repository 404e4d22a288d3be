import Foundation
import HTTPTypes
import Hummingbird
import HyperJSON
import Logging

/// Routes every request to its service, with hyper's conventions around it: CORS, the optional
/// JWT check, hyper-shaped errors, unknown routes as 404 `not found!`, one log line per request.
struct NanoResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let routes: NanoRoutes
    let verifier: JWTVerifier?
    let logger: Logger?
    let readiness: Readiness

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        var nanoRequest: NanoRequest?
        do {
            let req = try NanoRequest(request: request, context: context)
            nanoRequest = req
            response = try await dispatch(req)
        } catch let failure as HyperFailure {
            response = Reply.failure(failure)
        } catch {
            response = Reply.failure(HyperFailure(500, String(describing: error)))
        }
        if let nanoRequest { CORS.decorate(&response, for: nanoRequest) }
        if let logger {
            let elapsed = ContinuousClock.now - started
            let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", millis))ms")
        }
        return response
    }

    private func dispatch(_ req: NanoRequest) async throws -> Response {
        if req.method == .options { return CORS.preflight(req) }
        let isNanoTarget = req.segments.first == NanoTargets.reservedSegment
        if !isNanoTarget { await readiness.wait() }
        if let verifier, !isNanoTarget, !verifier.isAuthorized(req.header("Authorization")) {
            throw HyperFailure.notAuthorized
        }
        return try await routes.respond(req)
    }
}

/// The service routes by first path segment.
struct NanoRoutes: Sendable {
    let data: DataRoutes
    let cache: CacheRoutes
    let search: SearchRoutes
    let storage: StorageRoutes
    let queue: QueueRoutes
    let targets: NanoTargets

    static let extensions: [JSON] = ["storage-list", "queue-retry"]

    func respond(_ req: NanoRequest) async throws -> Response {
        let rest = req.segments.dropFirst()
        switch req.segments.first {
        case nil where req.method == .get:
            return Reply.json([
                "name": "hyper", "version": "1.0-beta",
                "services": ["cache", "data", "storage", "search", "queue"],
                "extensions": .array(Self.extensions),
            ])
        case "data"?: return try await data.respond(req, rest)
        case "cache"?: return try await cache.respond(req, rest)
        case "search"?: return try await search.respond(req, rest)
        case "storage"?: return try await storage.respond(req, rest)
        case "queue"?: return try await queue.respond(req, rest)
        case NanoTargets.reservedSegment?: return try await targets.respond(req, rest)
        default: throw HyperFailure.routeNotFound
        }
    }
}
