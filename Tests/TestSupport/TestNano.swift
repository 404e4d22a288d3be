import Foundation
import HyperNano

/// nano as every test target runs it: in this process, quiet, on a free port.
public enum TestNano {
    /// A fresh folder for a nano's files (a child nano's log goes beside it, in `<folder>.log`).
    public static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.path + "/nano-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

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
public func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}

/// How long a test waits for what must happen before it calls it a failure. Waits return as
/// soon as their condition holds, so this costs nothing while the code is right; it is long
/// because with every suite running at once on 2 shared cores a task can wait a minute for a
/// cooperative thread (10, 30 and 60 s limits all failed that way while the code was fine).
public let patience: Duration = .seconds(300)

extension Duration {
    /// In seconds, for what takes a `TimeInterval` (sockets, URLSession, libcurl's options).
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Polls until `condition` holds or `timeout` passes.
public func eventually(isolation: isolated (any Actor)? = #isolation, timeout: Duration = patience,
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return try await condition()
}
