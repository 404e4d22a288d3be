import Foundation
import HyperJSON
import HyperNano
import TestSupport
import Testing

/// A real `NanoServer` in this process on a free port, with JWT auth on, plus a CLI sandbox whose
/// `$HYPER` points at it. Every CLI test talks to the server only through the built binary.
struct NanoFixture {
    static let key = "cli-tester"
    static let secret = "cli-secret-Zq93kf0w"

    let server: NanoServer
    let sandbox: CLISandbox
    let port: Int

    /// The connection string for `domain` (the server's own is "test").
    func connection(domain: String = "test", secret: String = NanoFixture.secret) -> String {
        "http://\(Self.key):\(secret)@127.0.0.1:\(port)/\(domain)"
    }

    /// Runs the CLI with `$HYPER` set to this server.
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> CLIResult {
        try await sandbox.run(arguments, stdin: stdin, environment: ["HYPER": connection()].merging(environment) { $1 })
    }

    /// Runs the CLI and expects exit 0 with JSON on stdout.
    func json(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSON {
        let result = try await run(arguments, stdin: stdin)
        #expect(result.status == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
        return try result.json()
    }

    /// Starts a server, runs `body`, and stops the server whatever happens.
    static func with(seed: NanoSeed? = nil, _ body: (NanoFixture) async throws -> Void) async throws {
        let sandbox = try CLISandbox()
        let (server, port) = try await TestNano.start(directory: sandbox.path("nano")) { configuration in
            configuration.secret = secret
            configuration.sub = key
            configuration.seed = seed
        }
        let fixture = NanoFixture(server: server, sandbox: sandbox, port: port)
        try await withCleanup {
            try await body(fixture)
        } cleanup: {
            await server.stop()
            sandbox.remove()
        }
    }
}
