import HyperNano

/// nano as every test target runs it: in this process, quiet, on a free port.
public enum TestNano {
    /// Starts a server keeping its files in `directory`, set up further by `configure`.
    public static func start(
        directory: String, _ configure: (inout NanoConfiguration) -> Void = { _ in }
    ) async throws -> (server: NanoServer, port: Int) {
        var configuration = NanoConfiguration(directory: directory)
        configuration.port = 0
        configuration.quiet = true
        configure(&configuration)
        let server = try NanoServer(configuration: configuration)
        return (server, try await server.start())
    }
}

/// Runs `body`, then `cleanup` whether `body` returned or threw (an async `defer` of sorts: a
/// server must be stopped with `await`).
public func withCleanup(_ body: () async throws -> Void, cleanup: () async -> Void) async throws {
    do {
        try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
}

/// Polls until `condition` holds or `timeout` passes.
/// Generous on purpose: it returns as soon as the condition holds, and with every suite running
/// in parallel on 2 cores a sleeping task can wait seconds for a cooperative thread (a 10 s limit
/// failed that way on a clean CI run while the code under test was fine).
public func eventually(isolation: isolated (any Actor)? = #isolation, timeout: Duration = .seconds(60),
                       _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return await condition()
}
