import Foundation
@testable import HyperClient
import HyperJSON
import TestSupport
import Testing

/// The built binary against hostile servers (scripts/client-test-server.py's `hostile-KIND`
/// domains, real sockets): bounded refusals with exit 3, nothing written silently, nothing raw
/// on the terminal.
@Suite("CLI against hostile servers")
struct CLIHostileServerTests {
    static let server = Result { try ScriptServer() }

    let server: ScriptServer
    let sandbox: CLISandbox

    init() throws {
        server = try Self.server.get()
        sandbox = try CLISandbox()
    }

    private func connection(_ kind: String) -> String { "http://127.0.0.1:\(server.port)/hostile-\(kind)" }

    private func run(_ kind: String, _ arguments: [String]) async throws -> CLIResult {
        try await sandbox.run(arguments + ["-c", connection(kind)])
    }

    /// How many requests the server saw whose path starts with `prefix`.
    private func seen(_ prefix: String) async throws -> Int {
        let client = HyperClient(connection: try Connection.parse(server.base + "/x"))
        return try await client.call("GET", server.base + "/_seen?path=" + prefix)["count"]?.intValue ?? -1
    }

    /// Only line feeds end lines; no other control character reaches the terminal.
    private func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0 != "\n" && TerminalText.isControl($0) }
    }

    // MARK: answer limits (10.10)

    /// A 64 MiB gzip bomb and an endless chunked body: exit 3 naming the limit, nothing on
    /// stdout, for `--max-answer` and for the default limit.
    @Test func bombsAndEndlessAnswersExitThreeNamingTheLimit() async throws {
        let bomb = try await run("bomb-64", ["data", "list", "--max-answer", "1M"])
        #expect(bomb.status == 3, "\(bomb)")
        #expect(bomb.stderr.contains("answer too large") && bomb.stderr.contains("1 MiB"), "\(bomb)")
        #expect(bomb.stdout.isEmpty)

        let endless = try await run("endless", ["data", "list", "--max-answer", "8M"])
        #expect(endless.status == 3, "\(endless)")
        #expect(endless.stderr.contains("8 MiB"), "\(endless)")

        let byDefault = try await run("endless", ["data", "list"])
        #expect(byDefault.status == 3, "\(byDefault)")
        #expect(byDefault.stderr.contains("256 MiB"), "\(byDefault)")
    }

    @Test func maxAnswerMustBeASize() async throws {
        for bad in ["0", "-1", "12X", "lots", "99999999999G"] {
            let result = try await run("bomb-1", ["data", "list", "--max-answer", bad])
            #expect(result.status == 2, "\(bad): \(result)")
        }
    }

    // MARK: redirected writes (10.10a)

    /// `data add` against a server answering 301/302/307: exit 3, "not done", the journal says
    /// failed, and the redirect's target never got a request.
    @Test func aRedirectedWriteIsNotDone() async throws {
        for status in [301, 302, 307] {
            let result = try await run("redirect-\(status)", ["data", "add", "title=Dune"])
            #expect(result.status == 3, "\(result)")
            #expect(result.stderr.contains("not done") && result.stderr.contains("(\(status))"), "\(result)")
            #expect(result.stdout.isEmpty, "the redirect's answer is not printed as the write's")
        }
        #expect(try await seen("/landed") == 0)
        let journal = try await sandbox.run(["journal"])
        let outcomes = try journal.stdoutText.split(separator: "\n").map { try JSON.parse(Array($0.utf8)) }
        #expect(outcomes.count == 3, "\(journal)")
        for entry in outcomes {
            #expect(entry["outcome"] == "failed", "\(entry)")
            #expect(entry["message"]?.stringValue?.contains("may have applied") == false, "\(entry)")
        }
    }

    // MARK: escaping (10.10b)

    /// A hyper `msg` and an HTML error page full of escape sequences (title, clipboard, clear
    /// screen, 8-bit CSI, bidi override), with and without `--debug`: stderr shows them escaped.
    @Test func serverTextReachesStderrEscaped() async throws {
        for (kind, visible) in [("escape", "\\x1b]0;pwned"), ("html", "\\x1b]52;c;")] {
            for debug in [false, true] {
                let result = try await run(kind, ["data", "list"] + (debug ? ["--debug"] : []))
                #expect(result.status == 1, "\(result)")
                #expect(result.stderr.contains(visible), "\(result)")
                #expect(isClean(result.stderr), "raw control characters on stderr: \(result.stderr.debugDescription)")
            }
        }
    }

    // MARK: other hostile answers keep working (10.11)

    /// A CLI command runs on the main thread (`MainThreadExecutor`): while it waits for the
    /// server, its process has two threads, the main one and the transport's. Swift's async
    /// `main` ran it on the pool: six threads, and a hand-off between them at every step.
    @Test func aWaitingCommandRunsOnTwoThreads() async throws {
        let before = try await seen("/data/hostile-hang")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: hyperVisionBinary)
        process.arguments = ["data", "list", "-c", connection("hang")]
        process.environment = sandbox.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exit = ProcessExit(watching: process)
        try process.run()
        // Once the server holds the request, the command is waiting for the answer.
        let waiting = try await eventually { try await seen("/data/hostile-hang") > before }
        let tasks = "/proc/\(process.processIdentifier)/task"
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        let names = threads.map { (try? String(contentsOfFile: "\(tasks)/\($0)/comm", encoding: .utf8)) ?? "?" }
        process.terminate()
        await exit.wait()
        #expect(waiting)
        #expect(threads.count == 2, "threads: \(names)")
    }

    @Test func aStalledAnswerTimesOut() async throws {
        let result = try await run("stall", ["data", "list", "--timeout", "1"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains("timed out"), "\(result)")
    }
}
