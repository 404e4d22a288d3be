import Foundation
import HyperJSON
import TestSupport
import Testing

/// `hyper-vision nano` in a child process on a free port, with JWT auth on, plus a CLI sandbox
/// whose `$HYPER` points at it. Every CLI test talks to the server only through the built binary.
/// A child, not a server in this process: the CLI processes gave up after their 30 s timeout
/// while an in-process server waited for this process's two cooperative threads, busy with
/// hundreds of other tests on a loaded machine.
struct NanoFixture {
    static let key = "cli-tester"
    static let secret = "cli-secret-Zq93kf0w"

    let server: ChildNano
    let sandbox: CLISandbox
    var port: Int { server.port }

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

    /// Creates `domain` of `service` (`hyper-vision SERVICE create OPTIONS --domain DOMAIN`,
    /// expecting `ok`) and returns the arguments that address it.
    func create(_ service: String, domain: String, _ options: [String] = [],
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        let arguments = ["--domain", domain]
        let created = try await json([service, "create"] + options + arguments, sourceLocation: sourceLocation)
        #expect(created["ok"] == true, "\(created)", sourceLocation: sourceLocation)
        return arguments
    }

    /// Starts a server, runs `body`, and stops the server whatever happens.
    /// `demoSize`: seeded with that many demo documents.
    static func with(demoSize: Int? = nil, _ body: (NanoFixture) async throws -> Void) async throws {
        let sandbox = try CLISandbox()
        let seed = demoSize.map { ["--seed", "demo", "--size", "\($0)"] } ?? []
        let server: ChildNano
        do {
            server = try await ChildNano.start(
                directory: sandbox.path("nano"), arguments: ["--quiet", "--secret", secret, "--sub", key] + seed)
        } catch {
            sandbox.remove()
            throw error
        }
        let fixture = NanoFixture(server: server, sandbox: sandbox)
        try await withCleanup {
            try await body(fixture)
        } cleanup: {
            await server.stop()
            sandbox.remove()
        }
    }
}
