import Foundation
import HyperClient
import HyperNano
import HyperStore
import Synchronization
import TestSupport
import VisionRuntime

/// A seeded nano in this process on a free port, and a temporary home whose XDG folders hold
/// the browser's local state; browsers opened on it share that state, as two runs would.
public final class BrowserFixture: Sendable {
    public let root: String
    public let paths: AppPaths
    public let secret: String?
    public static let sub = "tester"
    private let server: Mutex<(nano: NanoServer?, port: Int)>

    init(seed size: Int, secret: String?) async throws {
        root = FileManager.default.temporaryDirectory.path + "/browser-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        paths = AppPaths(environment: ["HOME": root, "XDG_CONFIG_HOME": root + "/config", "XDG_CACHE_HOME": root + "/cache",
                                       "XDG_STATE_HOME": root + "/state", "XDG_DATA_HOME": root + "/data"])
        self.secret = secret
        server = Mutex((nil, 0))
        try await startServer(port: 0, seed: .demo(size: size))
    }

    public var port: Int { server.withLock { $0.port } }

    /// The downloads folder of browsers opened here (`$XDG_DOWNLOAD_DIR`).
    public var downloads: String { root + "/downloads" }

    public var connectionString: String {
        "http://\(secret.map { "\(Self.sub):\($0)@" } ?? "")127.0.0.1:\(port)/test"
    }

    /// The connection as `hyper-vision CONNECTION` resolves it (short timeouts: tests stop servers).
    public func resolved(readOnlyReason: String? = nil, savedName: String? = nil) throws -> ResolvedConnection {
        let options = ClientOptions(connectTimeout: 2, totalTimeout: 20, maxRetries: 0)
        return ResolvedConnection(try Connection.parse(connectionString), options: options, savedName: savedName,
                                  readOnlyReason: readOnlyReason)
    }

    /// A browser on this server, after its first pages arrived.
    @MainActor
    public func open(readOnlyReason: String? = nil, offline: Bool = false, width: Int = 120, height: Int = 40,
                     environment: [String: String] = [:],
                     resolve: ((String) throws -> ResolvedConnection)? = nil) async throws -> BrowserApp {
        // Downloads land in the test's home, never the user's.
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        let app = BrowserApp(try resolved(readOnlyReason: readOnlyReason), paths: paths, width: width, height: height,
                             offline: offline, environment: ["XDG_DOWNLOAD_DIR": downloads].merging(environment) { $1 },
                             resolve: resolve ?? { _ in throw NoSavedConnections() })
        return try await app.waitIdle()
    }

    struct NoSavedConnections: Error, CustomStringConvertible {
        var description: String { "no saved connections in this test" }
    }

    /// Another user of the same app.
    public func client() throws -> HyperClient { HyperClient(connection: try Connection.parse(connectionString)) }

    /// Starts the server (again) on `port` (0: any; nil: the one it had) over the same data.
    public func startServer(port: Int? = nil, seed: NanoSeed? = nil) async throws {
        let (nano, bound) = try await TestNano.start(directory: root + "/nano") { configuration in
            configuration.port = port ?? self.port
            configuration.secret = secret
            configuration.sub = secret == nil ? nil : Self.sub
            configuration.seed = seed
        }
        server.withLock { $0 = (nano, bound) }
    }

    public func stopServer() async {
        let nano = server.withLock { state in
            defer { state.nano = nil }
            return state.nano
        }
        await nano?.stop()
    }

    /// Runs `body` (on the main actor, where the browser runs) with a fresh server and home,
    /// cleaning both up whatever happens.
    @MainActor
    public static func with(seed size: Int = 300, secret: String? = nil,
                            _ body: @MainActor (BrowserFixture) async throws -> Void) async throws {
        let fixture = try await BrowserFixture(seed: size, secret: secret)
        let outcome: Result<Void, any Error>
        do { outcome = .success(try await body(fixture)) } catch { outcome = .failure(error) }
        await fixture.stopServer()
        try? FileManager.default.removeItem(atPath: fixture.root)
        try outcome.get()
    }

    /// `with`, and a browser already open on that server: where most tests start.
    @MainActor
    public static func withBrowser(seed size: Int = 300, secret: String? = nil,
                                   _ body: @MainActor (BrowserFixture, BrowserApp) async throws -> Void) async throws {
        try await with(seed: size, secret: secret) { nano in try await body(nano, try await nano.open()) }
    }
}
