import Foundation
import HyperJSON
import TestSupport
@testable import HyperClient

/// The Python HTTP/1.1 server of scripts/client-test-server.py (`ScriptServer`), started once
/// per test process, with TLS. It listens on 127.0.0.1 and 127.0.0.2.
final class TestServer: Sendable {
    static let shared = Result { try TestServer() }
    static func get() throws -> TestServer { try shared.get() }

    let script: ScriptServer
    let tlsPort: Int
    let certificate: TestCertificate

    var port: Int { script.port }
    var port2: Int { script.port2 }
    /// `http://127.0.0.1:PORT`
    var base: String { script.base }
    /// The same server's second listener, on another host (for cross-host redirects).
    var otherHostBase: String { script.otherHostBase }
    /// The same routes over TLS (HTTP/1.1), with `certificate`.
    var tlsBase: String { "https://127.0.0.1:\(tlsPort)" }

    private init() throws {
        certificate = try TestCertificate.make()
        script = try ScriptServer(certificate: (certificate.certPath, certificate.keyPath))
        guard let tlsPort = script.tlsPort else { throw TestServerError.noPorts }
        self.tlsPort = tlsPort
        // Set once, before any request, never changed: curl reads these on every connect.
        // Only the reserved `.invalid` names go through the proxy (this same server). Other
        // tests run meanwhile: `make test` starts the process with both set (empty), so that
        // these replace values instead of growing the environment another thread may be reading.
        setenv("http_proxy", "http://127.0.0.1:\(port)", 1)
        setenv("no_proxy", "127.0.0.1,127.0.0.2,localhost", 1)
    }

    /// A client for `http://[credentials@]127.0.0.1:PORT/test`.
    func client(credentials: String? = nil, host: String = "127.0.0.1", options: ClientOptions = .init()) throws -> HyperClient {
        let auth = credentials.map { $0 + "@" } ?? ""
        return HyperClient(connection: try Connection.parse("http://\(auth)\(host):\(port)/test"), options: options)
    }

    /// How many requests the server saw whose path starts with `prefix`.
    func seen(_ prefix: String) async throws -> Int {
        try await client().call("GET", base + "/_seen?path=" + URLEncoding.formValue(prefix))["count"]?.intValue ?? -1
    }
}

enum TestServerError: Error { case noPorts, openssl }

/// A self-signed certificate for localhost and 127.0.0.1, made by the openssl command.
struct TestCertificate: Sendable {
    let certPath: String
    let keyPath: String

    static func make() throws -> TestCertificate {
        let directory = temporaryPath("tls")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = TestCertificate(certPath: directory + "/cert.pem", keyPath: directory + "/key.pem")
        let status = try runBlocking("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", certificate.keyPath, "-out", certificate.certPath,
        ])
        guard status == 0 else { throw TestServerError.openssl }
        return certificate
    }
}

/// Runs a command to completion without blocking a Swift concurrency thread (on 2 cores a
/// blocked thread stalls every other test); its output goes into `output` or nowhere.
func run(_ executable: String, _ arguments: [String], output: String? = nil,
         environment: [String: String] = [:]) async throws -> Int32 {
    try await makeProcess(executable, arguments, output: output, environment: environment).runToExit()
}

/// `run` for synchronous callers (the one-time set-up of the shared test server).
func runBlocking(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = try makeProcess(executable, arguments, output: nil, environment: [:])
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

private func makeProcess(_ executable: String, _ arguments: [String], output: String?,
                         environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let output {
        guard FileManager.default.createFile(atPath: output, contents: nil) else { throw TestServerError.noPorts }
        process.standardOutput = FileHandle(forWritingAtPath: output)
    } else {
        process.standardOutput = FileHandle.nullDevice
    }
    process.standardError = FileHandle.nullDevice
    return process
}

/// Resident memory of this process, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// A fresh path in the temporary directory.
func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "hyperclient-\(UUID().uuidString)-\(name)"
}

/// A unique key for the server's per-key counters.
func uniqueKey() -> String { UUID().uuidString }
