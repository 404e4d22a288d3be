import Foundation
import TestSupport
import Testing

/// The real binary in tmux against `hyper-vision demo`, for what only a real terminal shows
/// (scripts/tui-e2e.sh): the terminal's own mouse reports per TERM, widths as it draws them,
/// NO_COLOR, and the terminal restored after quitting and after SIGTERM. The browser's
/// behaviours are driver tests (Tests/BrowserTests).
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

    /// Copying in tmux 3.3+ (plain OSC 52 into tmux's buffer, never "copied" when it cannot be)
    /// and 8 colours (nothing black on the default background), as a real terminal shows them
    /// (scripts/tui-clipboard-colour-e2e.sh).
    @Test(.enabled(if: tmuxAvailable, "tmux is not installed"))
    func copyingAndColoursInTmux() async throws {
        let (status, log) = try await Self.runScript("scripts/tui-clipboard-colour-e2e.sh", arguments: [Self.binary])
        #expect(status == 0, "\(log)")
        #expect(log.contains("PASS"))
    }

    /// `hyper-vision demo` as a user runs it (scripts/tui-demo-e2e.sh): the export line, one
    /// demo per folder with a clear message, the CLI journaling under the demo's identity,
    /// `--port`, and a draft left in one demo waiting in the next on another port.
    @Test(.enabled(if: tmuxAvailable, "tmux is not installed"))
    func demoRunsAsAUserExpects() async throws {
        let (status, log) = try await Self.runScript("scripts/tui-demo-e2e.sh", arguments: [Self.binary])
        #expect(status == 0, "\(log)")
        #expect(log.contains("PASS"))
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
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        // Nothing of the run may outlive it: its tmux server and what ran in its panes end with it.
        let socket = log.split(separator: "\n").first { $0.hasPrefix("SOCKET ") }.map { String($0.dropFirst(7)) }
        if let socket {
            #expect(await eventually(timeout: .seconds(20)) { processes(mentioning: socket).isEmpty },
                    "still running after the script: \(processes(mentioning: socket))")
        } else {
            Issue.record("the script did not say its tmux socket: \(log)")
        }
        return (status, log)
    }

    /// Command lines of this machine's processes that contain `text`.
    static func processes(mentioning text: String) -> [String] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(text) ? "\(pid): \(line)" : nil
        }
    }
}
