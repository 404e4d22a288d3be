import Foundation
import HyperClient
import HyperJSON
import HyperNano
import HyperSession
import HyperStore
import Synchronization
import Testing
import TestSupport

/// A demo-seeded nano server in-process on a free port, plus temporary XDG cache and state
/// folders, and sessions opened against them. Everything lives under one temporary folder.
final class SessionHarness: Sendable {
    let root: String
    let nanoDirectory: String
    let locations: StoreLocations
    let secret: String?
    let sub: String?
    /// Fast probing so "back online by itself" is observable in a test.
    static let fastBackoff = ConnectivityMonitor.Backoff(initial: .milliseconds(50), maximum: .milliseconds(400))

    private let server: Mutex<NanoServer?>
    private let boundPort: Mutex<Int>

    init(secret: String? = nil, sub: String? = nil, seedSize: Int = 20) async throws {
        root = FileManager.default.temporaryDirectory.path + "/session-test-" + UUID().uuidString
        nanoDirectory = root + "/nano"
        try FileManager.default.createDirectory(atPath: nanoDirectory, withIntermediateDirectories: true)
        locations = AppPaths(environment: ["XDG_CACHE_HOME": root + "/cache", "XDG_STATE_HOME": root + "/state",
                                           "HOME": root]).store
        self.secret = secret
        self.sub = sub
        server = Mutex(nil)
        boundPort = Mutex(0)
        try await startServer(port: 0, seed: .demo(size: seedSize))
    }

    var port: Int { boundPort.withLock { $0 } }

    /// Starts the server (again) on `port` (0: any) over the same data folder.
    func startServer(port: Int? = nil, seed: NanoSeed? = nil) async throws {
        var configuration = NanoConfiguration(directory: nanoDirectory)
        configuration.port = port ?? self.port
        configuration.quiet = true
        configuration.secret = secret
        configuration.sub = sub
        configuration.seed = seed
        let nano = try NanoServer(configuration: configuration)
        let bound = try await nano.start()
        server.withLock { $0 = nano }
        boundPort.withLock { $0 = bound }
    }

    func stopServer() async {
        let nano = server.withLock { current in
            let taken = current
            current = nil
            return taken
        }
        await nano?.stop()
    }

    var connectionString: String {
        let credentials = secret.map { "\(sub ?? "user"):\($0)@" } ?? ""
        return "http://\(credentials)127.0.0.1:\(port)/test"
    }

    func connection() throws -> Connection { try Connection.parse(connectionString) }

    func session(readOnlyReason: String? = nil, offlineMode: Bool = false,
                 backoff: ConnectivityMonitor.Backoff = SessionHarness.fastBackoff) throws -> AppSession {
        let options = ClientOptions(connectTimeout: 2, totalTimeout: 10, maxRetries: 0)
        return AppSession(connection: try connection(), options: options, store: LocalStore(locations: locations),
                              readOnlyReason: readOnlyReason, offlineMode: offlineMode, backoff: backoff)
    }

    /// A second, independent client (another user of the same app).
    func otherClient() throws -> HyperClient { HyperClient(connection: try connection()) }

    func shutDown() async {
        await stopServer()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs `body` with a fresh harness, always cleaning up.
    static func with(secret: String? = nil, sub: String? = nil,
                     _ body: (SessionHarness) async throws -> Void) async throws {
        let harness = try await SessionHarness(secret: secret, sub: sub)
        do { try await body(harness) } catch {
            await harness.shutDown()
            throw error
        }
        await harness.shutDown()
    }
}

/// Collects every update of one read.
func updates(of stream: AsyncStream<PageUpdate>) async -> [PageUpdate] {
    var all: [PageUpdate] = []
    for await update in stream { all.append(update) }
    return all
}

extension PageUpdate {
    var kind: String {
        switch self {
        case .cached: "cached"
        case .fresh: "fresh"
        case .offline: "offline"
        case .failed: "failed"
        }
    }
}

extension AppSession {
    /// The parts of local state, for tests that check what was stored (they open in a harness).
    var journal: Journal { try! store.journal.get() }
    var pageCache: PageCache { try! store.pageCache.get() }
    var drafts: Drafts { try! store.drafts.get() }
}
