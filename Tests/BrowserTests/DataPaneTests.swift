import BrowserDriver
import HyperJSON
import HyperModel
import Testing
import VisionCore
import VisionUI

/// The data pane driven like a user against nano (formerly steps of scripts/tui-e2e.sh).
@Suite("browser: data pane", .serialized) @MainActor
struct DataPaneTests {
    @Test func showsTheSeededDocumentsWithinTheScreensWidth() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            let first = try #require(try await nano.client().data.list(ListOptions(limit: 1))["docs"]?[0]?["_id"]?.stringValue)
            #expect(app.screen.contains(first))
            #expect(app.screen.contains("● online"))
            #expect(app.selectedRow?.contains(first) == true, "the cursor starts on the first document")
            #expect(app.state.focus == .list)
            #expect(app.lines.allSatisfy { DisplayWidth.of($0) <= 120 }, "a row wider than the screen")
        }
    }

    @Test func scrollingLoadsPagesUntilTheCursorIsCovered() async throws {
        try await BrowserFixture.withBrowser(seed: 1500) { nano, app in
            let expected = try #require(try await nano.client().data.list(ListOptions(limit: 1000))["docs"]?[999]?["_id"]?.stringValue)
            for _ in 0..<999 { app.press("j") }
            try await app.waitIdle()
            #expect(app.screen.contains(" 1000/"), "\(app.screen)")
            #expect(app.selectedRow?.contains(expected) == true)
            try await app.press(.enter).waitIdle()
            #expect(app.state.focus == .detail)
            #expect(app.screen.contains("\"\(expected)\""))
        }
    }

    /// Issue 9, goal 2: after `G` through every document only a window of pages stays in
    /// memory, and a dropped page is read again when the list shows it. Before, all 3000
    /// documents stayed (30 pages), so the first expectation failed.
    @Test func scrollingFarKeepsAWindowOfPagesAndReadsDroppedOnesAgain() async throws {
        try await BrowserFixture.with(seed: 3000) { nano in
            let app = try await nano.open()
            let ids = try #require(try await nano.client().data.list(ListOptions(limit: 3000))["docs"]?.arrayValue)
                .compactMap { $0["_id"]?.stringValue }
            try #require(ids.count == 3000)
            try await app.press("G").waitIdle()
            #expect(app.selectedRow?.contains(ids[2999]) == true, "\(app.screen)")
            let window = 2 * DataPaneState.pagesKept + 1
            let held = app.state.data.docs.filter { $0 != .null }.count
            #expect(app.state.data.residentPages.count <= window && held <= window * DataPaneState.pageSize,
                    "\(app.state.data.residentPages.count) pages, \(held) documents held")
            #expect(app.state.data.docs.count == 3000)

            try await app.press("g").waitIdle()
            #expect(app.state.data.list.index == 0)
            #expect(app.selectedRow?.contains(ids[0]) == true, "\(app.screen)")
            #expect(app.screen.contains(ids[1]), "the first page is read again: \(app.screen)")
            #expect(!app.state.data.residentPages.contains(29), "the last page is dropped in turn")
            // Paging on from the top still reads the rows in order.
            for _ in 0..<150 { app.press("j") }
            try await app.waitIdle()
            #expect(app.selectedRow?.contains(ids[150]) == true, "\(app.screen)")
        }
    }

    @Test func aQueryNarrowsTheListToMatchingDocuments() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press("/").type("type=movie year>1984").press(.enter).waitIdle()
            #expect(app.screen.contains("/type=movie year>1984"))
            #expect(!app.state.data.docs.isEmpty)
            #expect(app.state.data.docs.allSatisfy { $0["type"] == "movie" && ($0["year"]?.intValue ?? 0) > 1984 })
        }
    }

    @Test func columnsArePickedAndTheQueryHistoryRecallsTheLastQuery() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press("/").type("type=movie").press(.enter).waitIdle()
            app.press("c")
            #expect(app.screen.contains("columns:"))
            try await app.press(.ctrl("u")).type("_id,year").press(.enter).waitIdle()
            #expect(app.lines[2].hasPrefix("▶ _id") && app.lines[2].contains("year"), "\(app.lines[2])")
            app.press("/").press(.ctrl("u")).press(.up)
            #expect(app.screen.contains("selector/type=movie"))
            app.press(.esc)
        }
    }

    /// Control characters and escape sequences in data are drawn as visible escapes.
    @Test func escapeSequencesInDataAreShownEscaped() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press("/").type("_id=movie-0005").press(.enter).waitIdle()
            #expect(app.screen.contains(#"\x1b[31mRed Alert\x1b[0m"#), "\(app.screen)")
            let cells = app.terminal.frame.cells
            #expect(!cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x1b } }, "a raw ESC reached a cell")
        }
    }

    /// `:mouse` turns reporting on; the wheel scrolls and a click selects (decoding the
    /// terminal's own mouse sequences stays in the tmux test, per TERM).
    @Test func theWheelScrollsAndAClickSelects() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press(":").type("mouse").press(.enter).waitIdle()
            #expect(app.terminal.mouseOn)
            app.mouse(.wheelDown, x: 4, y: 9)
            #expect(app.state.data.list.index == 3)
            app.mouse(.click, x: 4, y: 11)
            #expect(app.state.data.list.index == 8)
            app.press(":").type("mouse").press(.enter)
            #expect(!app.terminal.mouseOn && app.screen.contains("mouse off"))
        }
    }

    @Test func resizingBelowTheMinimumSaysSoAndRecovers() async throws {
        try await BrowserFixture.withBrowser { _, app in
            app.resize(width: 60, height: 16)
            #expect(app.screen.contains("1 Data"))
            app.resize(width: 50, height: 10)
            #expect(app.screen.contains("Terminal too small"))
            app.resize(width: 120, height: 40)
            #expect(!app.screen.contains("Terminal too small") && app.screen.contains("1 Data"))
        }
    }
}
