import BrowserDriver
import Foundation
import HyperClient
import HyperJSON
import HyperModel
import Testing
import TestSupport
import VisionCore
import VisionUI

/// What you see is what you act on (issue 11.1, 11.2): the detail follows the cursor, actions
/// act on the item shown as selected, the focused half is marked, and the prompt edits its text.
@Suite("browser: acting on what the screen shows", .serialized) @MainActor
struct ActingTests {
    /// The repro: Enter on a document, Tab, `j`, Tab, `e` opened the next document in
    /// the editor while the detail still showed the first.
    @Test func enterTabJTabEEditsTheDocumentTheDetailShows() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press("/").type("_id>=movie-0105").press(.enter).waitIdle()
            let first = try #require(app.state.data.docs.first?["_id"]?.stringValue)
            let second = try #require(app.state.data.docs.dropFirst().first?["_id"]?.stringValue)
            try await app.press(.enter).waitIdle()
            #expect(app.role(of: "▶ \(first)") == .tabActive, "the detail has the focus, and says so")
            try await app.press(.tab).press("j").waitIdle()
            #expect(app.role(of: "▶ _id") == .tabActive, "the list has the focus, and says so")
            #expect(app.state.detail.title == second && app.screen.contains("\"\(second)\""), "the detail follows the cursor")
            #expect(app.selectedRow?.contains(second) == true)
            var edited: JSON?
            app.whenEditing { path in edited = try DraftFile.document(path) }
            try await app.press(.tab).press("e").waitIdle()
            #expect(edited?["_id"]?.stringValue == second, "the editor opened what the detail shows")
            #expect(app.state.detail.title == second)
        }
    }

    /// Holding `j` moves the detail with the cursor (the list's copy at once) and loads the
    /// document where the cursor rests.
    @Test func theDetailFollowsTheCursorAsItMoves() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            for _ in 0..<30 { app.press("j") }
            let shown = try #require(app.state.data.docs[30]["_id"]?.stringValue)
            #expect(app.screen.contains("▶ _id") && app.state.detail.title == shown)
            #expect(app.screen.contains("\"\(shown)\""), "the list's copy shows at once")
            let theirs = try nano.client()
            var changed = try await theirs.data.get(shown)
            changed["title"] = "Loaded where the cursor rests"
            _ = try await theirs.data.update(shown, changed)
            try await app.waitIdle()
            #expect(app.screen.contains("Loaded where the cursor rests"), "the document is loaded once the cursor rests")
            #expect(app.state.detail.title == shown)
        }
    }

    /// A new query leaves no stale detail: no "no documents match" beside results, no document
    /// that the new list does not hold.
    @Test func aNewQueryLeavesNoStaleDetail() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press(.enter).waitIdle()
            try await app.press("/").type("type=nothing").press(.enter).waitIdle()
            #expect(app.screen.contains("no documents match") && app.state.detail.item == nil)
            try await app.press("/").type("type=book").press(.enter).waitIdle()
            let first = try #require(app.state.data.docs.first?["_id"]?.stringValue)
            #expect(first.hasPrefix("book-") && !app.screen.contains("no documents match"))
            #expect(app.state.detail.title == first && app.screen.contains("\"\(first)\""))
        }
    }

    /// `/` selects the active query: typing replaces it; a movement key keeps it for editing;
    /// sort and fields are in the status line; Esc on the list clears the query with them.
    @Test func slashReplacesOrEditsTheQueryAndEscClearsIt() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press("/").type("type=book sort=-year fields=_id,title,year").press(.enter).waitIdle()
            #expect(app.screen.contains("/type=book  sort -year  fields _id,title,year"), "\(app.screen)")
            try await app.press("/").type("type=movie").press(.enter).waitIdle()
            #expect(app.state.data.docs.allSatisfy { $0["type"] == "movie" } && app.state.data.queryText == "type=movie")
            #expect(!app.screen.contains("sort -year"), "the earlier sort is gone and said gone")
            try await app.press("/").press(.end).type(" year>1990").press(.home).press(.alt("f")).press(.alt("f"))
                .press(.ctrl("k")).press(.enter).waitIdle()
            #expect(app.state.data.queryText == "type=movie", "Alt-F twice then Ctrl-K cut the year term: \(app.state.data.queryText)")
            try await app.press("/").press(.ctrl("e")).type(" year>1990").press(.enter).waitIdle()
            #expect(app.state.data.docs.allSatisfy { $0["type"] == "movie" && ($0["year"]?.intValue ?? 0) > 1990 })
            try await app.press(.esc).waitIdle()
            #expect(app.screen.contains("query cleared") && app.state.data.queryText.isEmpty)
            #expect(Set(app.state.data.docs.compactMap { $0["type"]?.stringValue }).count > 1, "every document again")
        }
    }
}
