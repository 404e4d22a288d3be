import HyperClient
import HyperJSON
import HyperStore

/// One connected app: its client, its key in local state, the shared page cache, journal and
/// drafts, and whether writes are allowed. Reads go through `read(_:)` (stale-while-revalidate),
/// writes through `write(_:)` / `update(...)` (journaled, conflict-checked), edits through the
/// draft helpers. Safe to share between tasks.
///
/// A session always exists, whatever the state of the local files: a part of local state that
/// cannot be used is left out (a read goes to the server only, a write is sent without its
/// journal entry, an edit is refused), and `takeProblems()` says so, once, naming the file.
public final class AppSession: Sendable {
    public let client: HyperClient
    /// The app in local state: host, cloud app and domain — never the secret. nil when the
    /// connection cannot name an app (no domain): then it has no local state at all.
    public let app: AppKey?
    public let store: LocalStore
    /// Why writes are refused (`--read-only`, `read_only = true` on the saved connection);
    /// nil when writes are allowed.
    public let readOnlyReason: String?
    /// Started with `--offline`: the network is never touched.
    public let offlineMode: Bool
    public let connectivity: ConnectivityMonitor
    /// Why this app has no local state (see `app`).
    private let appProblem: LocalStateProblem?
    private let log = ProblemLog()

    public var isReadOnly: Bool { readOnlyReason != nil }

    public init(connection: Connection, options: ClientOptions = .init(), store: LocalStore,
                readOnlyReason: String? = nil, offlineMode: Bool = false,
                backoff: ConnectivityMonitor.Backoff = .standard) {
        do {
            app = try AppKey(host: Self.stateHost(connection, store: store), app: connection.app, domain: connection.domain)
            appProblem = nil
        } catch {
            app = nil
            appProblem = LocalStateProblem(part: nil, detail: error.description,
                                           consequence: "nothing is cached or journaled for this connection")
        }
        let client = HyperClient(connection: connection, options: options)
        self.client = client
        self.store = store
        self.readOnlyReason = readOnlyReason
        self.offlineMode = offlineMode
        connectivity = ConnectivityMonitor(offlineMode: offlineMode, backoff: backoff) { () async throws(HyperError) in
            _ = try await client.info()
        }
    }

    /// The host part of the app's key: `host:port` as the connection has it (a port names a
    /// server, so two local servers never share state), except for a local address that a
    /// server this tool started is serving (the demo): its identity, which outlives the port.
    static func stateHost(_ connection: Connection, store: LocalStore) -> String {
        let loopback = ["127.0.0.1:", "localhost:", "[::1]:"].contains { connection.host.lowercased().hasPrefix($0) }
        guard loopback, !connection.isCloud else { return connection.host }
        return LocalServers(directory: store.locations.serversDirectory).identity(for: connection.host.lowercased()) ?? connection.host
    }

    /// Ends background probing; call when the app is closed.
    public func close() async {
        await connectivity.stop()
    }

    /// Every part of local state this app cannot use, for the browser to say at start.
    public var problems: [LocalStateProblem] {
        appProblem.map { [$0] } ?? store.problems
    }

    /// Problems met since the last call (a part missing when it was needed, a file that failed
    /// while in use), each said once per session.
    public func takeProblems() -> [LocalStateProblem] { log.take() }

    /// Marks `problems` as said (the browser shows them all at start).
    public func markSaid(_ problems: [LocalStateProblem]) {
        for problem in problems { log.note(problem) }
        _ = log.take()
    }

    /// `GET /`: the server's name, version and services.
    public func info() async throws(SessionError) -> JSON {
        try await call { () async throws(HyperError) in try await client.info() }
    }

    /// Streams object `name` into `path` (not a page: object bytes are never cached).
    public func download(name: String, toFile path: String, progress: ProgressHandler? = nil)
        async throws(SessionError) -> DownloadResult
    {
        try await call { () async throws(HyperError) in try await client.storage.download(name: name, toFile: path, progress: progress) }
    }

    /// Runs one server call and tells the connectivity monitor how it went.
    func call<T: Sendable>(_ body: () async throws(HyperError) -> T) async throws(SessionError) -> T {
        if offlineMode { throw .offlineMode }
        do {
            let value = try await body()
            await connectivity.record(nil)
            return value
        } catch {
            await connectivity.record(error)
            throw .server(error)
        }
    }

    // MARK: the parts of local state

    /// The part `result` holds for this app, or the problem that keeps it from being used.
    private func part<Part>(_ which: LocalPart, _ result: Result<Part, StoreError>) -> Result<(Part, AppKey), LocalStateProblem> {
        if let appProblem { return .failure(appProblem) }
        switch result {
        case .success(let part): return .success((part, app!))
        case .failure(let error): return .failure(.unavailable(which, error))
        }
    }

    /// This app's key in local state; nil (and the problem noted) when the connection cannot name one.
    var localApp: AppKey? {
        if let appProblem { log.note(appProblem) }
        return app
    }

    /// The page cache and this app's key; nil (and the problem noted) when it cannot be used.
    var cache: (PageCache, AppKey)? { available(part(.pageCache, store.pageCache)) }
    /// The journal and this app's key; nil (and the problem noted) when it cannot be used.
    var journalIfAvailable: (Journal, AppKey)? { available(part(.journal, store.journal)) }

    /// The journal, or why it cannot be used (for what needs it: undo, `:journal`).
    func requireJournal() throws(SessionError) -> (Journal, AppKey) {
        try part(.journal, store.journal).get(orThrow: SessionError.localState)
    }

    /// The page cache, or why it cannot be used (for `:find` and `:cache clear`).
    func requireCache() throws(SessionError) -> (PageCache, AppKey) {
        try part(.pageCache, store.pageCache).get(orThrow: SessionError.localState)
    }

    /// The drafts folder, or why it cannot be used (edits need it: nothing typed may be lost).
    func requireDrafts() throws(SessionError) -> (Drafts, AppKey) {
        try part(.drafts, store.drafts).get(orThrow: SessionError.localState)
    }

    private func available<Part>(_ result: Result<Part, LocalStateProblem>) -> Part? {
        switch result {
        case .success(let part): return part
        case .failure(let problem):
            log.note(problem)
            return nil
        }
    }

    /// Notes that `part` failed while in use; `effect` says what that meant for the user.
    func noteFailure(_ part: LocalPart, _ error: StoreError, _ effect: String? = nil) {
        log.note(LocalStateProblem(part: part, detail: error.description, consequence: effect ?? part.consequence))
    }

    /// Runs a local-store operation, as a `SessionError`.
    func local<T>(_ body: () throws(StoreError) -> T) throws(SessionError) -> T {
        do { return try body() } catch { throw .store(error) }
    }
}

extension Result {
    /// The success value, or `transform(failure)` thrown.
    func get<E: Error>(orThrow transform: (Failure) -> E) throws(E) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw transform(error)
        }
    }
}
