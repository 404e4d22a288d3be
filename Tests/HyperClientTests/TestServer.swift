import Foundation
import HyperJSON
@testable import HyperClient

/// The Python HTTP/1.1 server of scripts/client-test-server.py, started once per test process.
/// It listens on 127.0.0.1 and 127.0.0.2 and exits when our end of its stdin pipe closes.
final class TestServer: Sendable {
    static let shared = Result { try TestServer() }
    static func get() throws -> TestServer { try shared.get() }

    let port: Int
    let port2: Int
    private let process: Process
    private let input: Pipe

    /// `http://127.0.0.1:PORT`
    var base: String { "http://127.0.0.1:\(port)" }
    /// The same server's second listener, on another host (for cross-host redirects).
    var otherHostBase: String { "http://127.0.0.2:\(port2)" }

    private init() throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/client-test-server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw TestServerError.noPorts }
            line.append(chunk)
        }
        let ports = try JSON.parse(Array(line))
        guard let port = ports["port"]?.intValue, let port2 = ports["port2"]?.intValue else { throw TestServerError.noPorts }
        self.port = port
        self.port2 = port2
    }

    /// A client for `http://[credentials@]127.0.0.1:PORT/test`.
    func client(credentials: String? = nil, host: String = "127.0.0.1", options: ClientOptions = .init()) throws -> HyperClient {
        let auth = credentials.map { $0 + "@" } ?? ""
        return HyperClient(connection: try Connection.parse("http://\(auth)\(host):\(port)/test"), options: options)
    }
}

enum TestServerError: Error { case noPorts }

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
