import Foundation
import HyperJSON
import HyperNano
import TestSupport
import Testing
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
        let (server, port) = try await TestNano.start(directory: directory) { configuration in
            configuration.secret = secret
            configuration.sub = sub
        }
        let fixture = NanoFixture(server: server, directory: directory, port: port)
        let credentials = secret.map { "\(sub ?? "key"):\($0)@" } ?? ""
        let client = HyperClient(connection: try Connection.parse("http://\(credentials)127.0.0.1:\(port)/test"), options: .patient)
        try await withCleanup { try await body(fixture, client) } cleanup: { await fixture.stop() }
    }

    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func client(_ connection: String, options: ClientOptions = .patient) throws -> HyperClient {
        HyperClient(connection: try Connection.parse(connection.replacingOccurrences(of: "PORT", with: "\(port)")), options: options)
    }
}

extension ClientOptions {
    /// Timeouts as long as the tests' `patience`: these tests check what nano answers, not how
    /// fast, and on a loaded machine a 24 MB upload to the in-process server outlasted the
    /// default 30 s.
    static let patient = ClientOptions(connectTimeout: patience.inSeconds, totalTimeout: patience.inSeconds)
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

/// A domain's whole life through one service: `create` answers ok and a second create is a 409
/// (the name is taken); after `use`, `destroy` answers ok and a second destroy fails with
/// `destroyAgain` (404: gone; nil: it answers ok again, as search does: hyper-api.md 4.3, "Delete index").
func expectDomainLifecycle(
    create: () async throws -> JSON, use: () async throws -> Void = {}, destroy: () async throws -> JSON,
    destroyAgain: Int? = 404, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    #expect(try await create() == ["ok": true], sourceLocation: sourceLocation)
    #expect(await hyperStatus { _ = try await create() } == 409, sourceLocation: sourceLocation)
    try await use()
    #expect(try await destroy() == ["ok": true], sourceLocation: sourceLocation)
    #expect(await hyperStatus { _ = try await destroy() } == destroyAgain, sourceLocation: sourceLocation)
}

/// The reason of the `.network` HyperError `call` throws; nil for anything else (or nothing thrown).
func networkFailure(_ call: () async throws -> Void) async -> String? {
    do {
        try await call()
        return nil
    } catch {
        guard case .network(let reason) = error as? HyperError else { return nil }
        return reason
    }
}
