import HyperJSON
import HyperModel
import Testing
@testable import VisionCore
@testable import VisionUI

/// The prompt as a line editor, and the active query: shown whole, cleared by Esc (issue 11.2).
@Suite struct PromptTests {
    static func query(_ state: inout AppState, _ text: String) -> [Effect] {
        update(&state, .key(.char("/"))) + Fixtures.keys(&state, text) + update(&state, .key(.enter))
    }

    static func statusLine(_ state: AppState) -> String {
        Screen.render(state).lines[state.layout.statusLine.y]
    }

    /// The issue's repro: `/` pre-filled the active query and typing appended to it.
    @Test func typingAfterSlashReplacesTheActiveQuery() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = Self.query(&state, #"{"year":{"$gt":2020}}"#)
        let effects = Self.query(&state, "type=book")
        #expect(Fixtures.requests(effects) == [.read(.dataQuery(DataQuery(selector: ["type": "book"], limit: DataPaneState.pageSize, skip: 0)))])
        #expect(state.data.queryText == "type=book")
    }

    /// A movement key keeps the pre-filled query for editing, and the prompt line shows the
    /// cursor where the next character goes.
    @Test func aMovementKeyEditsTheActiveQuery() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = Self.query(&state, "type=movie")
        _ = update(&state, .key(.char("/")))
        #expect(state.prompt?.line.selected == true)
        let line = Screen.render(state).lines[state.layout.promptLine.y]
        #expect(line.hasPrefix("selector/type=movie"))
        _ = update(&state, .key(.home))
        _ = Fixtures.keys(&state, "year>1984 ")
        _ = update(&state, .key(.alt("f")))
        _ = update(&state, .key(.alt("f")))
        _ = update(&state, .key(.alt("f")))
        _ = update(&state, .key(.ctrl("k")))
        #expect(state.prompt?.text == "year>1984 type=movie")
        _ = update(&state, .key(.left))
        _ = update(&state, .key(.left))
        let buffer = Screen.render(state)
        let y = state.layout.promptLine.y
        let cursorX = (0..<buffer.width).first { buffer[$0, y].role == .cursor }
        #expect(cursorX.map { buffer[$0, y].text } == "i", "the cursor sits on the character it is before")
        let effects = update(&state, .key(.enter))
        #expect(Fixtures.requests(effects) == [.read(.dataQuery(DataQuery(
            selector: ["year": ["$gt": 1984], "type": "movie"], limit: DataPaneState.pageSize, skip: 0)))])
    }

    /// Long text scrolls so that the cursor stays on screen, a wide character never cut.
    @Test func longTextKeepsTheCursorOnScreen() {
        var state = Fixtures.loaded([], width: 60, height: 16)
        _ = update(&state, .key(.char("/")))
        _ = Fixtures.keys(&state, String(repeating: "千", count: 50) + "end")
        let buffer = Screen.render(state)
        let y = state.layout.promptLine.y
        #expect(buffer.lines[y].contains("…") && buffer.lines[y].contains("end"))
        #expect((0..<buffer.width).contains { buffer[$0, y].role == .cursor })
        _ = update(&state, .key(.home))
        let start = Screen.render(state)
        #expect(start.lines[y].hasPrefix("selector/千千"))
        #expect(start[DisplayWidth.of("selector/"), y].role == .cursor)
    }

    /// Sort and fields of a query are said in the status line, and Esc on the list clears the
    /// query with them.
    @Test func sortAndFieldsAreShownAndEscClearsThemWithTheQuery() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie), width: 120, height: 40)
        let ran = Self.query(&state, "type=movie sort=-year,title fields=_id,title")
        _ = update(&state, .response(Fixtures.requestIDs(ran)[0], .page(.documents([Fixtures.movie(1)]))))
        let status = Self.statusLine(state)
        #expect(status.contains("/type=movie  sort -year,title  fields _id,title"), "\(status)")
        let cleared = update(&state, .key(.esc))
        #expect(Fixtures.requests(cleared) == [.read(.dataList(ListOptions(limit: DataPaneState.pageSize)))])
        #expect(state.data.query == nil && state.data.queryText.isEmpty)
        #expect(state.message?.text == "query cleared")
        #expect(!Self.statusLine(state).contains("sort") && !Self.statusLine(state).contains("fields"))
        _ = update(&state, .key(.char("/")))
        #expect(state.prompt?.text == "", "no earlier sort or fields come back")
    }

    /// A Mango body's sort is said in the same words.
    @Test func aMangoBodysSortIsShown() {
        var state = Fixtures.loaded([], width: 120, height: 40)
        _ = Self.query(&state, #"{"selector":{"type":"movie"},"sort":[{"year":"DESC"}]}"#)
        #expect(Self.statusLine(state).contains(#"/{"type":"movie"}  sort -year"#))
    }

    /// Esc clears a cache pattern and a search text too; it first closes the detail and
    /// clears a selection, one thing per press.
    @Test func escClearsOneThingAtATime() {
        var state = Fixtures.loaded([])
        /// Answers every request `effects` started with `response`.
        func answer(_ effects: [Effect], _ response: Response) {
            for id in Fixtures.requestIDs(effects) { _ = update(&state, .response(id, response)) }
        }
        let entries = [CacheEntry(key: "movie-1", value: 1), CacheEntry(key: "movie-2", value: 2)]
        answer(update(&state, .key(.char("2"))), .page(.cacheEntries(entries)))
        answer(Self.query(&state, "movie-*"), .page(.cacheEntries(entries)))
        #expect(state.cache.pattern == "movie-*")
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.tab))
        _ = update(&state, .key(.esc))
        #expect(state.focus == .list && state.cache.selected == ["movie-1"])
        _ = update(&state, .key(.esc))
        #expect(state.cache.selected.isEmpty && state.cache.pattern == "movie-*")
        let cleared = update(&state, .key(.esc))
        #expect(state.cache.pattern == "*" && Fixtures.requests(cleared) == [.read(.cacheQuery(pattern: "*"))])
        answer(cleared, .page(.cacheEntries(entries)))
        _ = update(&state, .key(.char("3")))
        answer(Self.query(&state, "dune"), .page(.matches([["id": "dune-1"]])))
        #expect(state.search.matches.count == 1)
        _ = update(&state, .key(.esc))
        #expect(state.search.text.isEmpty && state.search.matches.isEmpty)
    }

    /// `:connect` with a connection string is recalled by Up with its secret masked, wherever
    /// the secret ends (issue 11.11: history recalled the secret on screen).
    @Test func commandHistoryKeepsNoSecret() {
        var state = Fixtures.loaded((1...2).map(Fixtures.movie))
        for typed in ["connect http://key:top/sec?ret#x@example.com:6363/test", "connect key:topsecret@host/x"] {
            _ = update(&state, .key(.char(":")))
            _ = Fixtures.keys(&state, typed)
            _ = update(&state, .key(.enter))
            _ = update(&state, .key(.char(":")))
            _ = update(&state, .key(.up))
            let recalled = state.prompt?.text ?? ""
            #expect(recalled.hasPrefix("connect ") && recalled.contains("****@"), "\(recalled)")
            #expect(!Screen.render(state).text.contains("top"), "\(recalled)")
            _ = update(&state, .key(.esc))
        }
        #expect(state.history.values.joined().allSatisfy { !$0.contains("top") })
    }
}
