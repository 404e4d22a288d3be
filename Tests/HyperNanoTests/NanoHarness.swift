import Foundation
import HyperJSON
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import HyperNano

/// A nano server running in-process on a free port in a fresh temporary folder, and a small
/// HTTP helper to talk to it over real HTTP.
/// (URLSession until HyperClient lands; kept to this one file.)
final class Nano: Sendable {
    let server: NanoServer
    let base: String
    let directory: String

    private init(server: NanoServer, base: String, directory: String) {
        self.server = server
        self.base = base
        self.directory = directory
    }

    /// The bound port, for raw-socket clients.
    var port: Int { Int(base.split(separator: ":").last.map(String.init) ?? "") ?? 0 }

    static func start(
        directory: String = TestNano.temporaryDirectory(), _ configure: (inout NanoConfiguration) -> Void = { _ in }
    ) async throws -> Nano {
        let (server, _) = try await TestNano.start(directory: directory, configure)
        return Nano(server: server, base: server.baseURL, directory: directory)
    }

    /// Runs `body` against a fresh server, then stops it and deletes its folder.
    static func with(_ body: (Nano) async throws -> Void) async throws {
        try await with(configure: { _ in }, body)
    }

    /// Runs `body` against a fresh server configured by `configure`, then stops it and deletes its folder.
    static func with(
        configure: (inout NanoConfiguration) -> Void, _ body: (Nano) async throws -> Void
    ) async throws {
        let nano = try await start(configure)
        try await withCleanup { try await body(nano) } cleanup: { await nano.stop(removing: true) }
    }

    func stop(removing: Bool = false) async {
        await server.stop()
        if removing { try? FileManager.default.removeItem(atPath: directory) }
    }

    // MARK: HTTP

    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: Data

        var json: JSON { (try? JSON.parse(Array(body))) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }

        /// A hyper-shaped 400 whose message contains `text` (a limit or rule it names).
        func expectRefusal(naming text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(status == 400, "\(self.text.prefix(200))", sourceLocation: sourceLocation)
            #expect(json["ok"] == false && json["status"] == 400, sourceLocation: sourceLocation)
            #expect(json["msg"]?.stringValue?.contains(text) == true, "\(self.text.prefix(300))", sourceLocation: sourceLocation)
        }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        // The tests check answers, not their speed: 80 writes at once, each waiting for one of
        // six connections on a loaded machine, outlasted a 30 s limit.
        configuration.timeoutIntervalForRequest = patience.inSeconds
        return URLSession(configuration: configuration)
    }()

    /// Sends a request; `path` is appended to the base URL as written (so tests control encoding).
    func request(
        _ method: String, _ path: String, json: JSON? = nil, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        try await Self.send(method, base + path, json: json, body: body, headers: headers)
    }

    static func send(
        _ method: String, _ url: String, json: JSON? = nil, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.compactBytes)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", path, headers: headers)
    }

    func post(_ path: String, _ json: JSON) async throws -> Reply { try await request("POST", path, json: json) }
    func put(_ path: String, _ json: JSON? = nil) async throws -> Reply { try await request("PUT", path, json: json) }
    func delete(_ path: String) async throws -> Reply { try await request("DELETE", path) }
}
