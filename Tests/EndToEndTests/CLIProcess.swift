import Foundation
import HyperJSON
import TestSupport

/// The outcome of one run of the built `hyper-vision` binary.
struct CLIResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// stdout as JSON; records an issue-friendly error when it is not.
    func json() throws -> JSON { try JSON.parse(stdout) }

    var description: String { "exit \(status)\nstdout: \(stdoutText)\nstderr: \(stderr)" }
}

/// Runs the binary next to the test bundle with a private environment: HOME and the XDG folders
/// point into a per-test temporary directory, so tests never touch the real home.
struct CLISandbox: Sendable {
    let root: String
    var environment: [String: String]

    init(root: String, environment: [String: String]) {
        self.root = root
        self.environment = environment
    }

    /// A fresh sandbox; with `config`, that text is its config.toml (`writeConfig`).
    init(config: String? = nil) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("hv-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root + "/home",
            "XDG_CONFIG_HOME": root + "/config",
            "XDG_CACHE_HOME": root + "/cache",
            "XDG_STATE_HOME": root + "/state",
            "XDG_DATA_HOME": root + "/data",
            "LANG": "C.UTF-8",
        ]
        if let config {
            do { try writeConfig(config) } catch { remove(); throw error }
        }
    }

    func path(_ name: String) -> String { root + "/" + name }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path(name)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    private static let configName = "config/hyper-vision/config.toml"

    /// The config file the binary reads: `$XDG_CONFIG_HOME/hyper-vision/config.toml`.
    var configFile: String { path(Self.configName) }

    /// Makes `toml` the config file; its path.
    @discardableResult
    func writeConfig(_ toml: String) throws -> String { try write(Self.configName, toml) }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// Runs `hyper-vision arguments...`. Output goes to files, not pipes, and the exit is awaited
    /// without blocking a thread: the server under test runs in this same process and needs the
    /// cooperative threads to answer.
    func run(_ arguments: [String], stdin: String? = nil, executable: String = hyperVisionBinary,
             environment extra: [String: String] = [:]) async throws -> CLIResult {
        let id = UUID().uuidString
        let outPath = path("out-\(id)"), errPath = path("err-\(id)"), inPath = path("in-\(id)")
        for (file, content) in [(outPath, Data()), (errPath, Data()), (inPath, Data((stdin ?? "").utf8))] {
            try content.write(to: URL(fileURLWithPath: file))
        }
        defer { for file in [outPath, errPath, inPath] { try? FileManager.default.removeItem(atPath: file) } }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        let out = FileHandle(forWritingAtPath: outPath)!, err = FileHandle(forWritingAtPath: errPath)!
        let input = FileHandle(forReadingAtPath: inPath)!
        defer { try? out.close(); try? err.close(); try? input.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input

        let status = try await process.runToExit()
        let stdout = Array(FileManager.default.contents(atPath: outPath) ?? Data())
        let stderr = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        return CLIResult(status: status, stdout: stdout, stderr: stderr)
    }
}
