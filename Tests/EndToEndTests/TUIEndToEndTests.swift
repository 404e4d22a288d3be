import Foundation
import TestSupport
import Testing

/// The real binary in tmux against `hyper-vision demo`: scripts/tui-e2e.sh drives it like a user
/// (keys in, screen text out) and checks every pane, scrolling, queries, download bytes, retry,
/// resize and a clean terminal after quitting.
@Suite(.serialized) struct TUIEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var tmuxAvailable: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The executable sits beside the test runner in the build folder.
    static var binary: String {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("hyper-vision").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("hyper-vision").path
    }

    @Test(.enabled(if: tmuxAvailable, "tmux is not installed"), arguments: ["xterm-256color", "screen"])
    func browserDrivenInTmux(term: String) async throws {
        let (status, log) = try await Self.runScript("scripts/tui-e2e.sh", arguments: [Self.binary, term])
        #expect(status == 0, "\(log)")
        #expect(log.contains("PASS (\(term))"))
    }

    /// Runs one of the tmux scripts with bash; returns its exit status and everything it printed.
    static func runScript(_ script: String, arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent(script).path] + arguments
        // A file, not a pipe: processes left in tmux panes must not keep the test waiting.
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("tui-e2e-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: logFile) }
        let output = try FileHandle(forWritingTo: logFile)
        process.standardOutput = output
        process.standardError = output
        // Awaited, not waitUntilExit(): the script runs for many seconds, and a blocked thread of
        // the 2-thread cooperative pool stalls every other test in the process.
        let status = try await process.runToExit()
        try output.close()
        return (status, (try? String(contentsOf: logFile, encoding: .utf8)) ?? "")
    }
}
