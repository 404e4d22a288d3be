import Foundation
import HTTPTypes
import Hummingbird
import HyperJSON
import Logging
import NIOCore
import NIOHTTP1

/// Routes every request to its service, with hyper's conventions around it: CORS, the optional
/// JWT check, hyper-shaped errors, unknown routes as 404 `not found!`, one log line per request.
/// Heavy requests run through `HeavyWork`; light reads that need none of the rest are answered
/// on the connection's event loop (`answerNow`, called by `ReadLane`).
struct NanoResponder: HTTPResponder {
    typealias Context = NanoRequestContext

    let routes: NanoRoutes
    let verifier: JWTVerifier?
    let cors: CORSPolicy
    let heavyWork: HeavyWork
    /// One line per request; nil when quiet.
    let requestLogger: Logger?
    /// Internal errors, whose details (SQL, file paths) are never sent to the client.
    let errorLogger: Logger
    let readiness: Readiness
    let connections: ConnectionRegistry

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        var nanoRequest: NanoRequest?
        do {
            let req = try NanoRequest(request: request, context: context, connections: connections)
            nanoRequest = req
            response = try await dispatch(req)
        } catch {
            response = Reply.failure(InternalError.failure(for: error, request: request, logger: errorLogger))
        }
        if let nanoRequest { cors.decorate(&response, for: nanoRequest) }
        log(request.method, request.uri.path, status: response.status.code, since: started)
        return response
    }

    /// The 200 to a light read (`NanoRoutes.read`), made at once on the calling thread, when the
    /// request needs nothing else: a GET (`head` is one, with no body) with no `Origin` (no CORS
    /// to apply or refuse), an accepted token if nano wants one, start-up done, not heavy. nil for
    /// every other request, and for a read that fails, so that `respond` answers it (the error
    /// reported once, the way it always is).
    func answerNow(get head: HTTPRequestHead, channel: any Channel) -> LightAnswer? {
        let started = ContinuousClock.now
        guard readiness.isOpen,
              let req = try? NanoRequest(get: head, channel: channel, connections: connections),
              req.header("Origin") == nil, verifier?.isAuthorized(req.header("Authorization")) ?? true,
              !RequestWeight.isHeavy(req), let answer = try? routes.read(req)
        else { return nil }
        log(req.method, req.path, status: 200, since: started)
        return answer
    }

    /// The request's log line (when not quiet).
    private func log(_ method: HTTPRequest.Method, _ path: String, status: Int, since started: ContinuousClock.Instant) {
        guard let requestLogger else { return }
        let elapsed = ContinuousClock.now - started
        let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        requestLogger.info("\(method) \(path) \(status) \(String(format: "%.1f", millis))ms")
    }

    private func dispatch(_ req: NanoRequest) async throws -> Response {
        if let refusal = cors.refusal(req) { throw refusal }
        if req.method == .options { return cors.preflight(req) }
        let authorized = verifier?.isAuthorized(req.header("Authorization")) ?? true
        if req.segments.first == NanoTargets.reservedSegment {
            // Never held back by start-up: nano's own deliveries must not wait on it.
            return try await routes.targets.respond(req, req.segments.dropFirst(), authorized: authorized)
        }
        await readiness.wait()
        guard authorized else { throw HyperFailure.notAuthorized }
        guard RequestWeight.isHeavy(req) else { return try await routes.respond(req) }
        return try await heavyWork.run { try await routes.respond(req) }
    }
}

/// The service routes by first path segment.
struct NanoRoutes: Sendable {
    /// `NanoInstance`: who this nano is, announced by `GET /`.
    let instance: String
    /// `GET /`, the same for every request: made once.
    private let info: ByteBuffer
    let data: DataRoutes
    let cache: CacheRoutes
    let search: SearchRoutes
    let storage: StorageRoutes
    let queue: QueueRoutes
    let targets: NanoTargets

    static let extensions: [JSON] = ["storage-list", "queue-retry", "queue-cancel", "cache-replace", "cache-glob", "search-limit"]

    /// `instance` (`NanoInstance`) is who this nano is, announced by `GET /`.
    init(instance: String, data: DataRoutes, cache: CacheRoutes, search: SearchRoutes, storage: StorageRoutes,
         queue: QueueRoutes, targets: NanoTargets) {
        let info: JSON = [
            "name": "hyper", "version": "1.0-beta",
            "services": ["cache", "data", "storage", "search", "queue"],
            "extensions": .array(Self.extensions),
            "instance": .string(instance),
        ]
        self.info = ByteBuffer(bytes: info.compactBytes)
        self.instance = instance
        self.data = data
        self.cache = cache
        self.search = search
        self.storage = storage
        self.queue = queue
        self.targets = targets
    }

    func respond(_ req: NanoRequest) async throws -> Response {
        if let answer = try read(req) { return answer.response(channel: req.channel) }
        let rest = req.segments.dropFirst()
        switch req.segments.first {
        case "data"?: return try await data.respond(req, rest)
        case "cache"?: return try await cache.respond(req, rest)
        case "search"?: return try await search.respond(req, rest)
        case "storage"?: return try await storage.respond(req, rest)
        case "queue"?: return try await queue.respond(req, rest)
        default: throw HyperFailure.routeNotFound
        }
    }

    /// The 200 to a light read: a GET of `/`, a document, a data list, a cache value, a search
    /// document or a stored object. They read a few rows through `SQLiteReader` (which never
    /// waits for the writer), open a file, or read nothing at all, and are answered on the
    /// calling thread. nil for every other request.
    func read(_ req: NanoRequest) throws -> LightAnswer? {
        guard req.method == .get else { return nil }
        let rest = req.segments.dropFirst()
        switch req.segments.first {
        case nil: return .json(info)
        case "data"?: return try data.read(req, rest).map(LightAnswer.json)
        case "cache"?: return try cache.read(req, rest).map(LightAnswer.json)
        case "search"?: return try search.read(req, rest).map(LightAnswer.json)
        case "storage"?: return try storage.read(req, rest)
        default: return nil
        }
    }
}
