import Foundation
import HyperJSON
import TestSupport
import Testing

/// Issue 10.12: a corrupted, truncated, read-only or missing page cache, journal or drafts
/// folder never stops the CLI. Each scenario breaks one part after a first run made its files,
/// then writes and reads through the real binary: the command succeeds, the server has the
/// write, and the write is in the journal or stderr says it is not, naming the file.
@Suite("CLI with broken local state", .serialized)
struct CLILocalStateTests {
    static let scenarios: [(LocalStatePart, LocalStateFault)] =
        LocalStatePart.allCases.flatMap { part in LocalStateFault.allCases.map { (part, $0) } }

    @Test(arguments: scenarios)
    func aBrokenPartIsSaidAndTheRestWorks(part: LocalStatePart, fault: LocalStateFault) async throws {
        try await NanoFixture.with { nano in
            let cli = BrokenStateCLI(nano: nano, unprivileged: fault.needsUnprivilegedProcess && LocalStateFault.runningAsRoot)
            let cacheHome = nano.sandbox.path("cache"), stateHome = nano.sandbox.path("state")
            let partPath = part.path(cacheHome: cacheHome, stateHome: stateHome)
            defer { LocalStateFault.restorePermissions(below: nano.sandbox.root) }

            // A first run makes the files, as a user's earlier sessions did.
            try await cli.prepareOwnership()
            try await cli.expectSuccess(["data", "add", "_id=doc-1", "title=before"])
            try await cli.expectSuccess(["data", "get", "doc-1"])
            // A read leaves its page for the cache file: an offline read opens the file and moves
            // it in, as a browser's start does.
            try await cli.expectSuccess(["data", "get", "doc-1", "--offline"])
            // The CLI's reads and writes never open the drafts folder (parts of local state open
            // when first used): an earlier browser session made it.
            if part == .drafts {
                try FileManager.default.createDirectory(atPath: partPath, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            }
            try fault.apply(to: part, cacheHome: cacheHome, stateHome: stateHome)
            try await cli.prepareOwnership()

            let write = try await cli.expectSuccess(["data", "update", "doc-1", "_id=doc-1", "title=after"])
            let read = try await cli.expectSuccess(["data", "get", "doc-1"])
            #expect(try read.json()["title"] == "after", "the server has the write: \(read)")

            // Journaled, or the write said it was not, naming the journal file.
            let journal = try await cli.run(["journal"])
            let journaled = journal.status == 0 && journal.stdoutText.contains(#""action":"update""#)
                && journal.stdoutText.contains(#""title":"after""#)
            let journalPath = LocalStatePart.journal.path(cacheHome: cacheHome, stateHome: stateHome)
            #expect(journaled || (write.stderr.contains(journalPath) && write.stderr.contains("without a journal entry")),
                    "neither journaled nor said: write \(write)\njournal \(journal)")
            if !journaled {
                #expect(journal.status == 1 && journal.stderr.contains(journalPath), "journal \(journal)")
                let undo = try await cli.run(["undo"])
                #expect(undo.status == 1 && undo.stderr.contains(journalPath), "undo names the journal: \(undo)")
            }

            // Whatever was said names the broken part's file, and only once per command.
            for result in [write, read] where result.stderr.contains("warning:") {
                #expect(result.stderr.contains(partPath), "a warning that names another file: \(result)")
                let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") }
                #expect(Set(warnings).count == warnings.count, "a warning said twice: \(result)")
            }
            if part == .pageCache {
                // The cache works, or a command that opened it said it does not (the update,
                // which changes the cached page; the read only leaves its page for the cache);
                // `cache-clear` starts a new one.
                let cleared = try await cli.run(["cache-clear"])
                let worked = cleared.stderr.contains("cleared") && !cleared.stderr.contains("cleared 0 ")
                #expect(worked || write.stderr.contains(partPath) || read.stderr.contains(partPath),
                        "cache silently unusable: write \(write)\nread \(read)\ncleared \(cleared)")
                if cleared.status == 0, !fault.needsUnprivilegedProcess {
                    _ = try await cli.expectSuccess(["data", "get", "doc-1"])
                    let again = try await cli.run(["cache-clear"])
                    #expect(again.stderr.contains("cleared 1 cached page"), "after cache-clear: \(again)")
                }
            }
        }
    }

    /// Three groups of CLI processes writing and reading at once through the same journal and
    /// page cache never show "database is locked", and every write is journaled.
    @Test func concurrentProcessesNeverSeeALockedDatabase() async throws {
        try await NanoFixture.with { nano in
            let writers = 12
            let results = try await withThrowingTaskGroup(of: [CLIResult].self) { group in
                for n in 0..<writers {
                    group.addTask {
                        [try await nano.run(["data", "add", "_id=c-\(n)", "n:=\(n)"]),
                         try await nano.run(["data", "list", "--limit", "20"]),
                         try await nano.run(["data", "update", "c-\(n)", "_id=c-\(n)", "n:=\(n + 100)"]),
                         try await nano.run(["data", "get", "c-\(n)"])]
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            for result in results {
                #expect(result.status == 0, "\(result)")
                #expect(!result.stderr.contains("locked") && !result.stderr.contains("warning"), "\(result)")
            }
            let journal = try await nano.run(["journal"])
            let lines = journal.stdoutText.split(separator: "\n").map { try? JSON.parse(Array($0.utf8)) }
            #expect(lines.count == 2 * writers, "\(journal)")
            #expect(lines.allSatisfy { $0?["outcome"] == "ok" }, "\(journal)")
        }
    }
}

/// Runs the CLI of a `NanoFixture`, as an unprivileged user when the fault needs one (root
/// writes read-only files anyway).
struct BrokenStateCLI {
    let nano: NanoFixture
    let unprivileged: Bool
    static let nobody: UInt32 = 65534

    func run(_ arguments: [String]) async throws -> CLIResult {
        guard unprivileged else { return try await nano.run(arguments) }
        return try await nano.sandbox.run(
            ["--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups", hyperVisionBinary] + arguments,
            executable: "/usr/bin/setpriv", environment: ["HYPER": nano.connection()])
    }

    @discardableResult
    func expectSuccess(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIResult {
        let result = try await run(arguments)
        #expect(result.status == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// The unprivileged user owns the XDG folders (and what a fault put there), as a user owns
    /// theirs; a folder a fault removed stays missing.
    func prepareOwnership() async throws {
        guard unprivileged else { return }
        for folder in ["home", "config", "cache", "state", "data"] {
            let path = nano.sandbox.path(folder)
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
            try LocalStateFault.chown(path, to: Self.nobody)
        }
    }
}
