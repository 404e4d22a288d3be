import Foundation
import HyperJSON
import TestSupport
import Testing

/// `hyper-vision nano` in a child process, for what an in-process server cannot show: its
/// memory and file descriptors as /proc sees them, and how fast it answers while attacked. An
/// in-process server shares this test process's two-thread cooperative pool with hundreds of
/// tests, some of them CPU-heavy, so its answer times say more about them than about nano.
struct ChildNano: Sendable {
    let pid: Int32
    let port: Int
    /// Its --dir; its log is `directory + ".log"`.
    let directory: String

    var base: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` against a child nano started with `arguments` (under an open-file limit when
    /// `fileLimit` is given), then stops it and removes its folder.
    static func with(arguments: [String] = [], fileLimit: Int? = nil, _ body: (ChildNano) async throws -> Void) async throws {
        let directory = Nano.temporaryDirectory()
        let (process, exit, base) = try await CommandTests.launch(directory: directory, arguments: arguments, fileLimit: fileLimit)
        let port = Int(base.split(separator: ":").last.map(String.init) ?? "") ?? 0
        try await withCleanup {
            try await body(ChildNano(pid: process.processIdentifier, port: port, directory: directory))
        } cleanup: {
            process.terminate()
            await exit.wait()
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: directory + ".log")
        }
    }

    func request(
        _ method: String, _ path: String, json: JSON? = nil, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Nano.Reply {
        try await Nano.send(method, base + path, json: json, body: body, headers: headers)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Nano.Reply {
        try await request("GET", path, headers: headers)
    }

    func post(_ path: String, _ json: JSON) async throws -> Nano.Reply { try await request("POST", path, json: json) }

    /// Kilobyte fields of its /proc/<pid>/status (VmRSS, VmHWM, RssAnon, ...).
    var memory: [String: Int] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        var fields: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasSuffix(" kB") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, let kilobytes = Int(parts[1].dropLast(3).trimmingCharacters(in: .whitespaces)) {
                fields[String(parts[0])] = kilobytes
            }
        }
        return fields
    }

    /// Starts its peak (VmHWM) afresh at its current resident size.
    func resetPeakMemory() throws {
        try "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
    }

    var log: String { (try? String(contentsOfFile: directory + ".log", encoding: .utf8)) ?? "" }
}
