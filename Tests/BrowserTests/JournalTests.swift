import BrowserDriver
import Foundation
import HyperClient
import HyperJSON
import HyperStore
import Testing
import TestSupport
import VisionCore

/// Writes that cannot be taken back ask first; undo takes back the newest write that can be,
/// a bulk action in one step, and says what it did; the journal speaks in words (issue 11.4).
@Suite("browser: queue cancel, undo and the journal", .serialized) @MainActor
struct BrowserJournalTests {
    static let secret = "s3cret-journal-4471"

    /// `x` names the job and waits for `y`; `u` then passes over the cancel (it cannot be
    /// undone) and undoes the delete before it, saying both; `:journal` lists them in words
    /// and Enter shows a write's before and after.
    @Test func xAsksFirstAndUndoPassesOverWhatCannotBeUndone() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let client = try nano.client()
            #expect(await eventually { ((try? await client.queue.errors()["jobs"]?.arrayValue?.count) ?? 0) > 0 })
            let app = try await nano.open()
            let doc = try #require(app.state.data.docs.first?["_id"]?.stringValue)
            let before = try await client.data.get(doc)
            try await app.press("d").press("y").waitIdle()
            #expect(app.screen.contains("done: delete data \(doc)"))

            try await app.press("5").waitIdle()
            let job = try #require(app.state.queue.itemID(at: 0))
            app.press("x")
            #expect(app.screen.contains("Cancel job \(job)?") && app.screen.contains("cannot be undone"))
            try await app.press("n").waitIdle()
            #expect(app.screen.contains("nothing cancelled"))
            #expect(try await Self.errorJobs(client).contains(job), "n cancelled the job")
            try await app.press("x").press("y").waitIdle()
            #expect(app.screen.contains("done: cancel queue \(job)"), "\(app.screen)")
            #expect(try await !Self.errorJobs(client).contains(job))

            try await app.press("u").waitIdle()
            #expect(app.screen.contains("undid deleted document \(doc) (passed over, as it cannot be undone: cancelled job \(job) in queue test)"),
                    "\(app.screen)")
            #expect(try await client.data.get(doc).compact == before.compact)

            try await app.press(":").type("journal").press(.enter).waitIdle()
            #expect(app.screen.contains("undo of #1: added document \(doc)"), "\(app.screen)")
            #expect(app.screen.contains("cancelled job \(job) in queue test") && app.screen.contains("deleted document \(doc)"))
            #expect(!app.screen.contains("queueCancel"))
            app.press("jj").press(.enter)
            #expect(app.screen.contains("deleted document \(doc)") && app.screen.contains("before:"), "\(app.screen)")
            #expect(app.screen.contains("after: (none: it was removed)"))
            #expect(app.screen.contains("\"_id\": \"\(doc)\""), "the before image is shown")
            app.press(.esc)
            #expect(app.screen.contains("Journal: writes made from this tool"))
        }
    }

    /// Space marks three documents, `d` deletes them after one question, `u` brings all three
    /// back in one step, and the journal shows the delete as one row.
    @Test func aBulkDeleteIsUndoneInOneStep() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let client = try nano.client()
            let app = try await nano.open()
            let ids = app.state.data.docs.prefix(3).compactMap { $0["_id"]?.stringValue }
            app.press("   ")
            try await app.press("d").waitIdle()
            #expect(app.screen.contains("Delete 3 data entries?"))
            try await app.press("y").waitIdle()
            for id in ids { await #expect(throws: HyperError.self) { try await client.data.get(id) } }
            try await app.press("u").waitIdle()
            #expect(app.screen.contains("undid deleted 3 documents: \(ids.joined(separator: ", "))"), "\(app.screen)")
            for id in ids { #expect(try await client.data.get(id)["_id"]?.stringValue == id) }
            try await app.press(":").type("journal").press(.enter).waitIdle()
            #expect(app.screen.contains("undo: added 3 documents") && app.screen.contains("deleted 3 documents"))
            try await app.press("j").press("u").waitIdle()
            #expect(app.screen.contains("already undone"), "a second undo of the same delete is refused: \(app.screen)")
        }
    }

    static func errorJobs(_ client: HyperClient) async throws -> [String] {
        (try await client.queue.errors()["jobs"]?.arrayValue ?? []).compactMap { $0["id"].map { $0.stringValue ?? $0.compact } }
    }
}
