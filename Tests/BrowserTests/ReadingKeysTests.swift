import BrowserDriver
import Testing
import VisionCore
import VisionUI

/// The reading keys of issue 11.8, driven like a user against nano at the smallest size.
@Suite("browser: help and reading keys", .serialized) @MainActor
struct ReadingKeysTests {
    /// `l` scrolls the columns out of sight into view (the header counts them), `?` opens help
    /// that `G` scrolls to its end, Space selects and never folds.
    @Test func columnsScrollHelpScrollsSpaceSelects() async throws {
        try await BrowserFixture.with { nano in
            let app = try await nano.open(width: 60, height: 16)
            let header = { app.lines[app.state.layout.list.y] }
            let hidden = try #require(Int(header().split(separator: "›").last?.trimmingCharacters(in: .whitespaces) ?? ""))
            #expect(hidden > 0, "\(header())")
            let last = try #require(app.state.data.columnHeaders.last)
            #expect(!header().contains(last))
            for _ in 0..<app.state.data.columnHeaders.count { app.press(.right) }
            #expect(header().contains(last) && header().contains("‹"), "\(header())")
            app.press("h")
            #expect(app.state.data.list.column == app.state.data.columnHeaders.count - 3)

            app.press("?")
            #expect(app.screen.contains("Help: Data") && app.screen.contains("more (j k PgDn PgUp g G)"))
            app.press("G")
            #expect(app.screen.contains("↑ ") && !app.screen.contains("↓ "), "\(app.screen)")
            app.press(.esc)
            #expect(app.state.helpTop == nil)

            let id = try #require(app.state.data.docs.first?["_id"]?.stringValue)
            app.press(" ")
            #expect(app.state.data.selected == [id])
            try await app.press(.enter).waitIdle()
            app.press(" ")
            #expect(app.state.data.detail.tree.folded.isEmpty, "Space does not fold in the detail")
            app.press("za")
            #expect(app.state.data.detail.tree.folded == ["$"])
        }
    }
}
