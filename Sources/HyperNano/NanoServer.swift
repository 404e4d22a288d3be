import Foundation
import GRDB
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// The embedded hyper-compatible server: Hummingbird for HTTP, one SQLite database (WAL) for
/// data, cache, search and queue, and folders for storage.
public final class NanoServer: Sendable {
    public let configuration: NanoConfiguration
    let pool: DatabasePool
    let services: NanoServices
    private let logger: Logger
    private let state = Mutex(RunState())
    private let readiness = Readiness()
    let connections: ConnectionRegistry

    private struct RunState {
        var port: Int?
        var group: ServiceGroup?
        var run: Task<Void, Never>?
        var stopped = false
    }

    public init(configuration: NanoConfiguration) throws {
        self.configuration = configuration
        var logger = Logger(label: "hyper-vision.nano")
        logger.logLevel = configuration.quiet ? .warning : .info
        self.logger = logger
        connections = ConnectionRegistry(
            capacity: FileDescriptorBudget.connectionCapacity(wanted: configuration.limits.maxConnections, logger: logger))
        let commits: Commits
        (pool, commits) = try NanoDatabase.open(directory: configuration.directory)
        services = try NanoServices(
            pool: pool, commits: commits, directory: configuration.directory, queryTimeout: configuration.limits.queryTimeout,
            deliveryTimeout: configuration.limits.deliveryTimeout, maxAnswerBytes: configuration.limits.maxAnswerBytes,
            logger: logger)
    }

    /// Who this nano is (`NanoInstance`): the same for its folder whatever the port.
    public var instance: String { services.routes.instance }

    /// "http://HOST:PORT" once started (127.0.0.1 when listening on every interface).
    public var baseURL: String {
        let host = ["0.0.0.0", "::", ""].contains(configuration.host) ? "127.0.0.1" : configuration.host
        return "http://\(host):\(state.withLock { $0.port } ?? configuration.port)"
    }

    /// Binds, creates the domain's services, seeds, starts delivering queued jobs; returns the port.
    public func start() async throws -> Int {
        let limits = configuration.limits
        let responder = NanoResponder(
            routes: services.routes,
            verifier: configuration.secret.map { JWTVerifier(secret: $0, sub: configuration.sub ?? "") },
            cors: CORSPolicy(origins: configuration.corsOrigins),
            heavyWork: HeavyWork(permits: limits.heavyRequests, backlog: limits.heavyBacklog),
            requestLogger: configuration.quiet ? nil : logger,
            errorLogger: logger,
            readiness: readiness,
            connections: connections)
        var frameworkLogger = Logger(label: logger.label) { FrameworkLogHandler(label: $0) }
        frameworkLogger.logLevel = .warning
        let bound = PortPromise()
        let app = Application(
            responder: responder,
            server: NanoHTTPChannel.server(limits: limits, registry: connections, nano: responder),
            // A burst of connections waits in the kernel's queue for its turn instead of having
            // its SYNs dropped (each drop costs a client a retransmission: 1 s, then 3 s, ...).
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), backlog: 4096),
            onServerRunning: { channel in bound.fulfil(.success(channel.localAddress?.port ?? 0)) },
            logger: frameworkLogger)
        let group = ServiceGroup(
            services: [app],
            gracefulShutdownSignals: configuration.stopsOnSignals ? [.sigterm, .sigint] : [],
            logger: frameworkLogger)
        let run = Task {
            do {
                try await group.run()
                bound.fulfil(.failure(HyperFailure(500, "server stopped before it was listening")))
            } catch {
                bound.fulfil(.failure(error))
            }
        }
        state.withLock {
            $0.group = group
            $0.run = run
        }
        let port = try await bound.value
        state.withLock { $0.port = port }
        let domain = configuration.domain
        do {
            if configuration.purge { try await services.purge(domain: domain) }
            try await services.ensure(domain: domain, baseURL: baseURL)
            if case .demo(let size)? = configuration.seed {
                try await DemoSeed(services: services, domain: domain, baseURL: baseURL, size: size).load()
                try await NanoDatabase.giveBack(pool)
            }
        } catch {
            await stop()
            throw error
        }
        readiness.open()
        await services.dispatcher.wakeAll()
        if !configuration.quiet { logger.info("hyper-vision nano serving domain '\(domain)' at \(baseURL)") }
        return port
    }

    /// Waits until the server has stopped (by `stop()` or, with `stopsOnSignals`, a signal),
    /// then closes the database.
    public func waitUntilStopped() async {
        if let run = state.withLock({ $0.run }) { await run.value }
        await finish()
    }

    /// Graceful stop: in-flight requests finish, queue delivery stops, the database closes.
    public func stop() async {
        // Deliveries first: a job in flight to nano's own demo worker would otherwise hold up
        // the HTTP server's graceful shutdown.
        await services.dispatcher.stop()
        let group = state.withLock { $0.group }
        await group?.triggerGracefulShutdown()
        await waitUntilStopped()
    }

    private func finish() async {
        let alreadyStopped = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !alreadyStopped else { return }
        await services.dispatcher.stop()
        try? pool.close()
    }
}

/// The bound port, delivered once from the server's `onServerRunning` (or its failure to start).
private final class PortPromise: Sendable {
    private let state = Mutex<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func fulfil(_ result: Result<Int, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    var value: Int {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<Int, any Error>? in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
