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
}
