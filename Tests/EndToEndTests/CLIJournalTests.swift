import Foundation
import HyperJSON
import Testing

/// The CLI goes through the app's session like the browser: its writes are journaled and the
/// pages it reads are kept in the page cache (both under the sandbox's XDG folders).
@Suite("CLI journal and page cache")
struct CLIJournalTests {
    @Test func writesAreJournaledAndReadsCached() async throws {
        try await NanoFixture.with { nano in
            _ = try await nano.json(["data", "add", "_id=movie-1", "title=Dune"])
            _ = try await nano.json(["data", "update", "movie-1", "_id=movie-1", "title=Dune Messiah"])
            _ = try await nano.json(["data", "remove", "movie-1"])

            let journal = try await nano.run(["journal"])
            #expect(journal.status == 0, "\(journal)")
            let entries = try journal.stdoutText.split(separator: "\n").map { try JSON.parse(Array($0.utf8)) }
            #expect(entries.count == 3, "\(journal)")
            #expect(entries.map { $0["action"] } == [.string("add"), .string("update"), .string("delete")])
            #expect(entries.allSatisfy { $0["target"] == .string("movie-1") && $0["outcome"] == .string("ok") })

            // The read's page is really stored: with the cache emptied first, clearing it after
            // `data list` finds that page, and clearing again finds nothing.
            _ = try await nano.run(["cache-clear"])
            _ = try await nano.json(["data", "list"])
            let cleared = try await nano.run(["cache-clear"])
            #expect(cleared.status == 0, "\(cleared)")
            #expect(!cleared.stderr.contains("cleared 0 "), "\(cleared)")
            #expect(cleared.stderr.contains("cleared "), "\(cleared)")
            let again = try await nano.run(["cache-clear"])
            #expect(again.stderr.contains("cleared 0 cached pages"), "\(again)")
        }
    }

    /// Without `_id`, `data add` makes one before sending, so the add is journaled under it and
    /// `undo` removes exactly that document.
    @Test func addWithoutIDIsJournaledAndUndone() async throws {
        try await NanoFixture.with { nano in
            let added = try await nano.json(["data", "add", "title=Untitled"])
            let id = try #require(added["id"]?.stringValue)
            #expect(!id.isEmpty)
            #expect(try await nano.json(["data", "get", id])["title"] == "Untitled")

            let journal = try await nano.run(["journal"])
            let entries = try journal.stdoutText.split(separator: "\n").map { try JSON.parse(Array($0.utf8)) }
            #expect(entries.count == 1, "\(journal)")
            #expect(entries.first?["action"] == "add")
            #expect(entries.first?["target"] == .string(id))
            #expect(entries.first?["after"]?["_id"] == .string(id))

            let undo = try await nano.json(["undo"])
            #expect(undo["undoOf"] == entries.first?["id"], "\(undo)")
            #expect(undo["outcome"] == "ok", "\(undo)")
            let gone = try await nano.run(["data", "get", id])
            #expect(gone.status == 1, "\(gone)")
        }
    }

    /// `undo` passes over a newer queue cancel (it cannot be undone) and says, in words, what it
    /// undid and what it passed over; every journal line has a `summary` (issue 11.4).
    @Test func undoPassesOverACancelAndSaysSo() async throws {
        try await NanoFixture.with(demoSize: 20) { nano in
            _ = try await nano.json(["data", "add", "_id=note-1", "title=Dune"])
            let job = try #require(try await nano.json(["queue", "enqueue", "type=CANCEL_ME"])["id"].map(CLIStorageQueueTests.idText))
            _ = try await nano.json(["queue", "cancel", job])
            let journal = try await nano.run(["journal"])
            let summaries = try journal.stdoutText.split(separator: "\n").map { try JSON.parse(Array($0.utf8))["summary"] }
            #expect(summaries == ["added document note-1", .string("cancelled job \(job) in queue test")], "\(journal)")

            let undo = try await nano.run(["undo"])
            #expect(undo.status == 0, "\(undo)")
            #expect(undo.stderr.contains("undid added document note-1 (passed over, as it cannot be undone: cancelled job \(job) in queue test)"),
                    "\(undo)")
            let entry = try JSON.parse(Array(undo.stdoutText.utf8))
            #expect(entry["summary"] == "undo of #1: deleted document note-1", "\(entry)")
            #expect(try await nano.run(["data", "get", "note-1"]).status == 1)
            let nothing = try await nano.run(["undo"])
            #expect(nothing.status == 1 && nothing.stderr.contains("nothing to undo"), "\(nothing)")
            #expect(nothing.stderr.contains("cancelled job \(job) in queue test cannot be: "), "\(nothing)")
        }
    }

    /// `undo ENTRY` puts a deleted document back byte for byte; an entry already undone or
    /// unknown, and an app with nothing left to undo, exit 1 with a message.
    @Test func undoByEntryRestoresADeletedDocument() async throws {
        try await NanoFixture.with { nano in
            let original = #"{"_id":"movie-1","title":"Dune","cast":["Paul","Jessica"],"year":1965.0}"#
            _ = try await nano.json(["data", "add", original])
            _ = try await nano.json(["data", "remove", "movie-1"])
            let deleteEntry = try #require(try await nano.run(["journal"]).stdoutText.split(separator: "\n").last)
            let deleteID = try #require(try JSON.parse(Array(deleteEntry.utf8))["id"]?.compact)

            _ = try await nano.json(["undo", deleteID])
            let restored = try await nano.run(["data", "get", "movie-1"])
            #expect(restored.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == original, "\(restored)")

            let again = try await nano.run(["undo", deleteID])
            #expect(again.status == 1, "\(again)")
            #expect(again.stderr.contains("undo"), "\(again)")
            let unknown = try await nano.run(["undo", "9999"])
            #expect(unknown.status == 1 && unknown.stderr.contains("9999"), "\(unknown)")
        }
        try await NanoFixture.with { nano in
            let nothing = try await nano.run(["undo"])
            #expect(nothing.status == 1 && nothing.stderr.contains("nothing to undo"), "\(nothing)")
        }
    }

    /// `search get` prints hyper's `{ok, key, doc}` and keeps the document in the page cache.
    @Test func searchGetIsCached() async throws {
        try await NanoFixture.with { nano in
            let index = try await nano.create("search", domain: "library", ["--fields", "title"])
            _ = try await nano.json(["search", "add", "k1", "title=Dune"] + index)
            _ = try await nano.run(["cache-clear"])
            let got = try await nano.json(["search", "get", "k1"] + index)
            // hyper (minisearch) stores the key as the document's `_id`.
            #expect(got == ["ok": true, "key": "k1", "doc": ["_id": "k1", "title": "Dune"]], "\(got)")
            let cleared = try await nano.run(["cache-clear"])
            #expect(cleared.stderr.contains("cleared 1 cached page"), "\(cleared)")
        }
    }

    /// `--offline` answers page reads from the page cache, with the server gone; what was never
    /// read, writes and other requests exit 3 without touching the network.
    @Test func offlineReadsComeFromThePageCache() async throws {
        try await NanoFixture.with { nano in
            _ = try await nano.json(["data", "add", #"{"_id":"movie-1","title":"Dune"}"#])
            let list = try await nano.json(["data", "list", "--limit", "5"])
            let searchIndex = try await nano.create("search", domain: "library", ["--fields", "title"])
            _ = try await nano.json(["search", "add", "k1", "title=Dune"] + searchIndex)
            let indexed = try await nano.json(["search", "get", "k1"] + searchIndex)
            await nano.server.stop()

            #expect(try await nano.json(["data", "list", "--limit", "5", "--offline"]) == list)
            // Only ever read inside the list page: found there.
            #expect(try await nano.json(["data", "get", "movie-1", "--offline"]) == ["_id": "movie-1", "title": "Dune"])
            #expect(try await nano.json(["search", "get", "k1", "--offline"] + searchIndex) == indexed)

            let never = try await nano.run(["data", "list", "--limit", "6", "--offline"])
            #expect(never.status == 3 && never.stderr.contains("not in the local cache"), "\(never)")
            for command in [["info"], ["data", "add", "_id=movie-2"], ["data", "remove", "movie-1"]] {
                let refused = try await nano.run(command + ["--offline"])
                #expect(refused.status == 3 && refused.stderr.contains("offline"), "\(command): \(refused)")
            }
            let journal = try await nano.run(["journal"])
            #expect(journal.stdoutText.split(separator: "\n").count == 2, "only the two online adds: \(journal)")
        }
    }
}
