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
