import Foundation
import HyperJSON
import HyperNano
@testable import HyperClient

/// An in-process nano server on a free port in a fresh folder, and a HyperClient for it.
struct NanoFixture: Sendable {
    let server: NanoServer
    let directory: String
    let port: Int

    /// Runs `body` with a client of domain `test` (credentials `key:secret` when the server
    /// requires them), then stops the server and removes its folder.
    static func with(
        secret: String? = nil, sub: String? = nil,
        _ body: (NanoFixture, HyperClient) async throws -> Void
    ) async throws {
        let directory = temporaryPath("nano")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = NanoConfiguration(directory: directory)
        configuration.port = 0
        configuration.quiet = true
        configuration.secret = secret
        configuration.sub = sub
        let server = try NanoServer(configuration: configuration)
        let port = try await server.start()
        let fixture = NanoFixture(server: server, directory: directory, port: port)
        let credentials = secret.map { "\(sub ?? "key"):\($0)@" } ?? ""
        let client = HyperClient(connection: try Connection.parse("http://\(credentials)127.0.0.1:\(port)/test"))
        do {
            try await body(fixture, client)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func client(_ connection: String, options: ClientOptions = .init()) throws -> HyperClient {
        HyperClient(connection: try Connection.parse(connection.replacingOccurrences(of: "PORT", with: "\(port)")), options: options)
    }
}

/// Polls `condition` every 50 ms for up to 10 s.
func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
    for _ in 0..<200 {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}

/// The `status` of a thrown HyperError, nil for anything else (or nothing thrown).
func hyperStatus(_ call: () async throws -> Void) async -> Int? {
    do {
        try await call()
        return nil
    } catch {
        return (error as? HyperError)?.status
    }
}
