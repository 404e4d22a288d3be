import Foundation
import HyperJSON

/// scripts/client-test-server.py in a child process: an HTTP/1.1 server on 127.0.0.1 and
/// 127.0.0.2 (and over TLS when given a certificate) whose routes answer normally or hostilely
/// on request (gzip bombs, endless bodies, stalls, redirects, escape sequences). It exits when
/// our end of its stdin pipe closes, so it never outlives the test process.
public final class ScriptServer: Sendable {
    public let port: Int
    public let port2: Int
    /// Set when started with a certificate.
    public let tlsPort: Int?
    private let process: Process
    private let input: Pipe

    /// `http://127.0.0.1:PORT`
    public var base: String { "http://127.0.0.1:\(port)" }
    /// The same server's second listener, on another host (for cross-host redirects).
    public var otherHostBase: String { "http://127.0.0.2:\(port2)" }

    public init(certificate: (certPath: String, keyPath: String)? = nil) throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/client-test-server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + (certificate.map { ["--tls", $0.certPath, $0.keyPath] } ?? [])
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ScriptServerError.noPorts }
            line.append(chunk)
        }
        let ports = try JSON.parse(Array(line))
        guard let port = ports["port"]?.intValue, let port2 = ports["port2"]?.intValue else {
            throw ScriptServerError.noPorts
        }
        self.port = port
        self.port2 = port2
        tlsPort = ports["tlsport"]?.intValue
        if certificate != nil, tlsPort == nil { throw ScriptServerError.noPorts }
    }
}

public enum ScriptServerError: Error { case noPorts }
