import Foundation
import HyperJSON
import Testing
@testable import HyperClient
import HyperTransport

/// TLS verification options against the test server's TLS listener (self-signed certificate),
/// and HTTP/2 negotiated by ALPN against nghttpd (Debian's nghttp2-server) when it is installed.
@Suite struct TLSTests {
    @Test func selfSignedCertificateIsRejectedByDefault() async throws {
        let server = try TestServer.get()
        let client = try server.client(options: ClientOptions(maxRetries: 0))
        let reason = await networkFailure { _ = try await client.call("GET", server.tlsBase + "/echo") }
        #expect(reason?.contains("certificate") == true)
    }

    @Test func caCertPathTrustsTheCertificate() async throws {
        let server = try TestServer.get()
        let client = try server.client(options: ClientOptions(caCertPath: server.certificate.certPath))
        let echo = try await client.call("GET", server.tlsBase + "/echo")
        #expect(echo["path"] == "/echo")
    }

    @Test func insecureSkipsVerification() async throws {
        let server = try TestServer.get()
        let client = try server.client(options: ClientOptions(insecure: true))
        let echo = try await client.call("GET", server.tlsBase + "/echo?x=1")
        #expect(echo["query"] == ["x": "1"])
    }

    static let nghttpd = ["/usr/sbin/nghttpd", "/usr/bin/nghttpd"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: nghttpd != nil, "needs nghttpd (apt-get install nghttp2-server)"))
    func http2IsNegotiatedOverTLSAndMultiplexed() async throws {
        let certificate = try TestServer.get().certificate
        let htdocs = temporaryPath("htdocs")
        try FileManager.default.createDirectory(atPath: htdocs, withIntermediateDirectories: true)
        try #"{"ok":true,"served":"h2"}"#.write(toFile: htdocs + "/info.json", atomically: true, encoding: .utf8)
        let port = try freePort()
        let nghttpd = try TiedProcess([try #require(TLSTests.nghttpd), "--htdocs=\(htdocs)", "--address=127.0.0.1",
                                       "\(port)", certificate.keyPath, certificate.certPath])
        defer { nghttpd.stop() }
        try await waitForListener(port: port)

        let client = HyperClient(connection: try Connection.parse("https://localhost:\(port)/test"),
                                 options: ClientOptions(caCertPath: certificate.certPath))
        let url = "https://localhost:\(port)/info.json"
        // A burst on a fresh client: one connection, every request a stream on it.
        let burst = try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            for _ in 0..<8 { group.addTask { try await client.send(HTTPRequest(method: "GET", url: url)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(burst.allSatisfy { $0.httpVersion == 3 && $0.status == 200 })   // CURL_HTTP_VERSION_2_0
        #expect(burst.map(\.newConnections).reduce(0, +) == 1, "connections opened: \(burst.map(\.newConnections))")
        #expect(try HyperAnswer.decode(burst[0]) == ["ok": true, "served": "h2"])
    }
}

/// A child process that dies with the test process: it runs under `sh`, which SIGKILLs it
/// once its stdin (our pipe) closes. (Children inherit the test runner's blocked signal mask,
/// so a plain SIGTERM would be ignored.)
final class TiedProcess: Sendable {
    private let process = Process()
    private let input = Pipe()

    init(_ command: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #""$@" & child=$!; read _ignored; kill -9 "$child""#, "sh"] + command
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
