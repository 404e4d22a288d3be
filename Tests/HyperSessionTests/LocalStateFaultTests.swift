import Foundation
import GRDB
import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import HyperStore
import TestSupport
import Testing

/// Issue 10.12 through the session: each part of local state opens on its own, so one broken
/// part leaves the others working; a write is journaled or the problem says it is not, naming
/// the file; edits need the drafts folder and say so; a waiting draft is never hidden.
/// (Read-only faults run here only without root's powers; CLILocalStateTests runs all of them.)
@Suite("session with broken local state", .serialized)
struct LocalStateFaultTests {
    static let scenarios: [(LocalStatePart, LocalStateFault)] = LocalStatePart.allCases.flatMap { part in
        LocalStateFault.allCases.filter { !($0.needsUnprivilegedProcess && LocalStateFault.runningAsRoot) }.map { (part, $0) }
    }

    @Test(arguments: scenarios)
    func aBrokenPartLeavesTheRestWorking(part: LocalStatePart, fault: LocalStateFault) async throws {
        try await SessionHarness.with { harness in
            let cacheHome = harness.root + "/cache", stateHome = harness.root + "/state"
            let partPath = part.path(cacheHome: cacheHome, stateHome: stateHome)
            defer { LocalStateFault.restorePermissions(below: harness.root) }

            // Earlier sessions: a journaled write, a cached page, a draft left waiting.
            let earlier = try harness.session()
            try await earlier.write(.dataUpdate(id: "movie-0001", document: ["_id": "movie-0001", "n": 1]))
            _ = await updates(of: earlier.read(.dataDocument(id: "movie-0001")))
            let waiting = try await earlier.beginEdit(.data, id: "movie-0002")
            await earlier.close()
            try fault.apply(to: part, cacheHome: cacheHome, stateHome: stateHome)

            let session = try harness.session()
            let read = await updates(of: session.read(.dataDocument(id: "movie-0001")))
            #expect(read.last?.json?["n"] == 1, "the read reaches the server: \(read.map(\.kind))")
            let receipt = try await session.write(.dataUpdate(id: "movie-0001", document: ["_id": "movie-0001", "n": 2]))
            #expect(try await harness.otherClient().data.get("movie-0001")["n"] == 2)
            let problems = session.takeProblems()
            if receipt.entryID == nil {
                let journalPath = LocalStatePart.journal.path(cacheHome: cacheHome, stateHome: stateHome)
                #expect(problems.contains { $0.description.contains(journalPath) && $0.description.contains("without a journal entry") },
                        "an unjournaled write was not said: \(problems)")
            }
            for problem in problems {
                #expect(problem.description.contains(partPath), "a problem that names another file: \(problem)")
            }

            // Edits need the drafts folder: they work, or say which folder is at fault.
            do {
                let draft = try await session.beginEdit(.data, id: "movie-0003")
                try session.discardDraft(draft)
            } catch {
                #expect(part == .drafts && "\(error)".contains(partPath), "\(error)")
            }
            // The draft left waiting is still offered (unless the fault removed its folder).
            if fault != .missingFolder || part == .pageCache, let pending = try? session.pendingDrafts() {
                #expect(pending.contains { $0.id == waiting.id }, "a waiting draft is hidden: \(pending)")
            }
            if part == .drafts, fault == .corruptFile || fault == .truncatedFile {
                let damaged = try session.damagedDrafts()
                #expect(damaged.count == 1 && damaged[0].hasPrefix(partPath), "the damaged draft is named: \(damaged)")
                #expect(session.waitingDraftsNotice?.contains(damaged[0]) == true, "\(session.waitingDraftsNotice ?? "")")
            }
            await session.close()
        }
    }

    /// A journal that cannot record the outcome after the server accepted a write is a warning,
    /// never "not written": the draft leaves the folder and the problem names the journal.
    @Test func bookkeepingAfterAnAcceptedWriteIsAWarning() async throws {
        try await SessionHarness.withSession { harness, session in
            let draft = try await session.beginEdit(.data, id: "movie-0004")
            // From now on the journal takes new entries but refuses to record their outcome.
            _ = try session.store.journal.get()  // parts of local state open when first used
            let journal = try DatabaseQueue(path: harness.locations.journalFile)
            try await journal.write { db in
                try db.execute(sql: "CREATE TRIGGER refuse BEFORE UPDATE ON entry BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END")
            }
            try journal.close()
            var edited = try #require(draft.base)
            edited["title"] = "written anyway"
            let outcome = try await session.commitDraft(draft, document: edited)
            guard case .written = outcome else { Issue.record("expected written, got \(outcome)"); return }
            #expect(try await harness.otherClient().data.get("movie-0004")["title"] == "written anyway")
            #expect(try session.pendingDrafts().isEmpty, "a written draft leaves the folder")
            let problems = session.takeProblems()
            #expect(problems.contains { $0.description.contains(harness.locations.journalFile) && $0.description.contains("disk full") },
                    "\(problems)")
        }
    }
    /// A CLI command's pages wait for the cache file; when it cannot be opened (here a folder
    /// stands in its place) they are dropped, not left to pile up, and the command says why.
    @Test func pagesWaitingForACacheThatCannotOpenAreDropped() async throws {
        try await SessionHarness.with { harness in
            let locations = harness.locations
            try FileManager.default.createDirectory(atPath: locations.cacheFile, withIntermediateDirectories: true)
            let store = LocalStore(locations: locations, access: .serial)
            let app = try AppKey(host: "127.0.0.1:1", domain: "test")
            let waiting = { (try? FileManager.default.contentsOfDirectory(atPath: locations.pageInboxDirectory).count) ?? 0 }
            for limit in 1..<PageInbox.drainThreshold {
                try store.keep(app: app, request: RequestKey(.dataList(ListOptions(limit: limit))), answer: ["docs": []])
            }
            #expect(waiting() == PageInbox.drainThreshold - 1)
            #expect(throws: StoreError.self) {
                try store.keep(app: app, request: RequestKey(.dataList(ListOptions(limit: 0))), answer: ["docs": []])
            }
            #expect(waiting() == 0)
            // This process knows the cache is broken: it says so again instead of leaving pages.
            #expect(throws: StoreError.self) {
                try store.keep(app: app, request: RequestKey(.dataList(ListOptions(limit: 0))), answer: ["docs": []])
            }
            #expect(waiting() == 0)
        }
    }
}
