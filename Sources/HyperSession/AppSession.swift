import HyperClient
import HyperJSON
import HyperStore

/// One connected app: its client, its key in local state, the shared page cache, journal and
/// drafts, and whether writes are allowed. Reads go through `read(_:)` (stale-while-revalidate),
/// writes through `write(_:)` / `update(...)` (journaled, conflict-checked), edits through the
/// draft helpers. Safe to share between tasks.
public final class AppSession: Sendable {
    public let client: HyperClient
    /// The app in local state: host, cloud app and domain — never the secret.
    public let app: AppKey
    public let store: LocalStore
    /// Why writes are refused (`--read-only`, `read_only = true` on the saved connection);
    /// nil when writes are allowed.
    public let readOnlyReason: String?
    /// Started with `--offline`: the network is never touched.
    public let offlineMode: Bool
    public let connectivity: ConnectivityMonitor

    public var pageCache: PageCache { store.pageCache }
    public var journal: Journal { store.journal }
    public var drafts: Drafts { store.drafts }
    public var isReadOnly: Bool { readOnlyReason != nil }

    public init(connection: Connection, options: ClientOptions = .init(), store: LocalStore,
                readOnlyReason: String? = nil, offlineMode: Bool = false,
                backoff: ConnectivityMonitor.Backoff = .standard) throws(SessionError) {
        do {
            app = try AppKey(host: connection.host, app: connection.app, domain: connection.domain)
        } catch {
            throw .invalidConnection(error.description)
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

    /// Ends background probing; call when the app is closed.
    public func close() async {
        await connectivity.stop()
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

    /// Runs a local-store operation, as a `SessionError`.
    func local<T>(_ body: () throws(StoreError) -> T) throws(SessionError) -> T {
        do { return try body() } catch { throw .store(error) }
    }
}
