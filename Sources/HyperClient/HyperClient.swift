import HyperJSON
import HyperModel
import HyperTransport
import Synchronization

/// The transport's progress types, under the client's name (callers need not import the transport).
public typealias ProgressHandler = HyperTransport.ProgressHandler
public typealias TransferProgress = HyperTransport.TransferProgress

/// A client for one hyper app: one API per service, all over the shared curl engine.
public final class HyperClient: Sendable, CustomStringConvertible, CustomReflectable {
    public let connection: Connection
    public let options: ClientOptions
    let tokens: TokenSource
    let log: DebugLog?
    /// The nano extensions `GET /` announced, once it answered (`announces`).
    private let announced = Mutex<[JSON]?>(nil)

    public init(connection: Connection, options: ClientOptions = .init()) {
        self.connection = connection
        self.options = options
        tokens = TokenSource(connection: connection, bearerToken: options.bearerToken)
        log = options.debugLog.map { [tokens] sink in DebugLog(sink: sink, secrets: { tokens.secrets() }) }
    }

    /// Asked for at the first request, not when the client is made: starting the engine loads
    /// libcurl, which a session that never goes to the network (offline) does not need.
    var engine: CurlEngine { .shared }

    public var description: String { "HyperClient(\(connection.redacted))" }
    /// Only what is safe to show: the token source holds the secret and the current token.
    public var customMirror: Mirror {
        Mirror(self, children: ["connection": connection, "options": options], displayStyle: .class)
    }

    public var data: DataAPI { DataAPI(client: self) }
    public var cache: CacheAPI { CacheAPI(client: self) }
    public var search: SearchAPI { SearchAPI(client: self) }
    public var storage: StorageAPI { StorageAPI(client: self) }
    public var queue: QueueAPI { QueueAPI(client: self) }

    /// `GET /`: `{name, version, services[, extensions]}`.
    public func info() async throws(HyperError) -> JSON {
        try await call("GET", connection.infoURL)
    }

    /// Whether `GET /` announces the nano extension `name`: asked the first time an extension
    /// matters, then remembered for this client. A server whose `GET /` answers with an error or
    /// not with hyper's JSON (a cloud host's page, a proxy exposing only the services) announces
    /// none; a server that cannot be reached is asked again next time.
    func announces(_ name: String) async throws(HyperError) -> Bool {
        if let known = announced.withLock({ $0 }) { return known.contains(.string(name)) }
        let extensions: [JSON]
        do {
            extensions = try await info()["extensions"]?.arrayValue ?? []
        } catch .hyper, .http, .invalidResponse, .redirectedWrite {
            extensions = []
        }
        announced.withLock { $0 = extensions }
        return extensions.contains(.string(name))
    }

    /// Reads a page: the answer as the server sent it, except that the document envelope the
    /// call asked for (data and cache GET by id) is taken off, so every server's answer to a
    /// document read is the document itself, and that a cache query's keys are matched again
    /// against its pattern on servers that do not announce a true glob (`CacheGlob` says why). A search's `limit` goes to servers announcing
    /// `search-limit`; from others every match comes and the first ones are kept.
    public func read(_ read: HyperRead) async throws(HyperError) -> JSON {
        if case .searchQuery(let text, let fields, let filter, let limit?) = read, try await !announces("search-limit") {
            let answer = try await self.read(.searchQuery(text: text, fields: fields, filter: filter))
            guard case .object(var object) = answer, let matches = answer["matches"]?.arrayValue, matches.count > limit else {
                return answer
            }
            object["matches"] = .array(Array(matches.prefix(limit)))
            return .object(object)
        }
        if case .cacheQuery(let pattern) = read, try await !announces("cache-glob") {
            let glob = CacheGlob(pattern)
            return glob.keepingMatches(of: try await perform(HyperRead.cacheQuery(pattern: glob.serverPattern).call))
        }
        let call = read.call
        let answer = try await perform(call)
        return call.asksForDocumentEnvelope ? Envelope.document(of: answer) : answer
    }

    /// Sends one call of this app's services and returns the decoded hyper answer.
    func perform(_ call: HyperCall) async throws(HyperError) -> JSON {
        let header = HyperCall.documentEnvelopeHeader
        return try await self.call(call.method, try url(call.service, call.path, query: call.queryPairs), body: call.body,
                                   headers: call.asksForDocumentEnvelope ? [(header.name, header.value)] : [])
    }

    /// A JSON call: sends `body` (if any) as JSON and returns the decoded hyper answer.
    func call(_ method: String, _ url: String, body: JSON? = nil, headers: [(String, String)] = []) async throws(HyperError) -> JSON {
        var request = HTTPRequest(method: method, url: url, headers: [("Content-Type", "application/json")] + headers)
        if let body { request.body = .bytes(body.compactBytes) }
        return try HyperAnswer.decode(try await send(request))
    }

    /// The URL of a call on `service` in this connection's domain.
    func url(_ service: HyperService, _ path: [String] = [], query: [(String, String)] = []) throws(HyperError) -> String {
        try connection.url(service, path: path, query: query)
    }
}
