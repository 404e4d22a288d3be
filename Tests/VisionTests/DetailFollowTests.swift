import HyperJSON
import HyperModel
@testable import HyperStore
import Testing
@testable import VisionCore
@testable import VisionUI

/// The detail follows the list's cursor, actions act on what the screen shows as selected,
/// and a list that could not be read never shows another query's results (issue 11.1, 11.6).
@Suite struct DetailFollowTests {
    static let docs = (1...100).map(Fixtures.movie)

    static func documentReads(_ effects: [Effect]) -> [String] {
        Fixtures.requests(effects).compactMap { if case .read(.dataDocument(let id)) = $0 { id } else { nil } }
    }

    /// The list's copy shows at once; holding `j` asks for no document until the cursor rests,
    /// then for the one it rests on only.
    @Test func theDetailFollowsTheCursorAndLoadsWhereItRests() {
        var state = Fixtures.loaded(Self.docs)
        var effects: [Effect] = []
        for step in 1...20 {
            state.now += 0.03   // a held key repeats every 30 ms
            effects += update(&state, .key(.char("j")))
            effects += update(&state, .tick(state.now))
            #expect(state.data.detail.title == Fixtures.movie(step + 1)["_id"]?.stringValue)
            #expect(state.data.detail.content == .json(Fixtures.movie(step + 1)))
        }
        #expect(Self.documentReads(effects).isEmpty, "a request per row while the key is held")
        #expect(state.nextWake == state.now + AppState.detailDelay)
        let rested = update(&state, .tick(state.now + AppState.detailDelay))
        #expect(Self.documentReads(rested) == ["movie-0021"])
        #expect(state.nextWake == nil)
        #expect(Self.documentReads(update(&state, .tick(state.now + 5))).isEmpty, "loaded once")
    }

    /// An answer for an item the cursor has left is dropped, and its request cancelled.
    @Test func aLoadForAnItemNoLongerShownIsCancelledAndIgnored() {
        var state = Fixtures.loaded(Self.docs)
        let open = update(&state, .key(.enter))
        let id = try! #require(Fixtures.requestIDs(open).first)
        _ = update(&state, .key(.tab))
        let moved = update(&state, .key(.char("j")))
        #expect(moved.contains(.cancel(id)))
        _ = update(&state, .response(id, .page(.document(["_id": "movie-0001", "title": "late"]))))
        #expect(state.data.detail.title == "movie-0002")
        #expect(state.data.detail.content == .json(Fixtures.movie(2)))
    }

    /// The repro: Enter on one document, Tab, `j`, Tab, `e` opened the next one in the
    /// editor while the detail showed the first. Now the detail shows what `e` edits.
    @Test func enterTabJTabEEditsWhatTheDetailShows() {
        var state = Fixtures.loaded(Self.docs)
        _ = update(&state, .key(.enter))
        _ = update(&state, .key(.tab))
        _ = update(&state, .key(.char("j")))
        _ = update(&state, .key(.tab))
        #expect(state.focus == .detail && state.detail.title == "movie-0002")
        let edit = Fixtures.requests(update(&state, .key(.char("e"))))
        #expect(edit == [.beginEdit(EditTarget(service: .data, id: "movie-0002"))])
        let remove = update(&state, .key(.char("d")))
        #expect(remove.isEmpty && state.dialog == .confirmDelete([.dataDelete(id: "movie-0002")]))
    }

    /// A `:find` hit the list does not hold is what the actions act on while the detail has
    /// the focus; back on the list, the detail follows the cursor again.
    @Test func aFindHitIsActedOnUntilTheListHasTheFocus() {
        var state = Fixtures.loaded(Self.docs)
        let find = update(&state, .key(.char(":"))) + Fixtures.keys(&state, "find zz") + update(&state, .key(.enter))
        _ = update(&state, .response(Fixtures.requestIDs(find)[0],
                                     .found(text: "zz", hits: [FindHit(service: .data, id: "zz-9", title: "zz", snippet: "zz", matchRanges: [0..<2],
                                                                           request: RequestKey(.dataDocument(id: "zz-9")))])))
        _ = update(&state, .key(.enter))
        #expect(state.focus == .detail && state.detail.item == "zz-9" && !state.detail.followsList)
        #expect(Fixtures.requests(update(&state, .key(.char("e")))) == [.beginEdit(EditTarget(service: .data, id: "zz-9"))])
        _ = update(&state, .key(.tab))
        #expect(state.detail.item == "movie-0001" && state.detail.followsList)
        #expect(Fixtures.requests(update(&state, .key(.char("e")))) == [.beginEdit(EditTarget(service: .data, id: "movie-0001"))])
    }

    /// After a new query the detail shows the new list's first document, or why it is empty;
    /// never "no documents match" beside results, nor a document the list no longer has.
    @Test func aNewQueryLeavesNoStaleDetail() {
        var state = Fixtures.loaded(Self.docs)
        let empty = update(&state, .key(.char("/"))) + Fixtures.keys(&state, "type=book") + update(&state, .key(.enter))
        _ = update(&state, .response(Fixtures.requestIDs(empty)[0], .page(.documents([]))))
        #expect(state.detail.content == .empty("no documents match") && state.detail.item == nil)
        let full = update(&state, .key(.char("/"))) + Fixtures.keys(&state, "type=movie") + update(&state, .key(.enter))
        _ = update(&state, .response(Fixtures.requestIDs(full)[0], .page(.documents(Self.docs))))
        #expect(state.detail.title == "movie-0001" && state.detail.content == .json(Fixtures.movie(1)))
    }

    /// A job that left the queue leaves the detail with it.
    @Test func aQueueJobGoneFromTheListLeavesTheDetail() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("5")))
        let jobs: [JSON] = [["id": "7", "job": ["n": 1]], ["id": "8", "job": ["n": 2]]]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [], errors: jobs)))
        _ = update(&state, .key(.enter))
        #expect(state.detail.title == "job 7")
        let refresh = update(&state, .key(.char("r")))
        _ = update(&state, .response(Fixtures.requestIDs(refresh)[0], .jobs(ready: [], errors: [jobs[1]])))
        #expect(state.detail.title == "job 8" && state.detail.content == .json(AppState.jobDetail(jobs[1])))
        let again = update(&state, .key(.char("r")))
        _ = update(&state, .response(Fixtures.requestIDs(again)[0], .jobs(ready: [], errors: [])))
        #expect(state.detail.item == nil && state.detail.content == .empty("no ERROR jobs (t toggles)"))
    }

    /// Offline, a query never cached shows no other query's results under its name: the list
    /// empties and says the page is not in the cache, offering `:find`. The same for a cache
    /// pattern and a search text.
    @Test(arguments: [(Pane.data, "type=book"), (.cache, "movie-*"), (.search, "dune")])
    func offlineAQueryNeverCachedSaysSo(pane: Pane, query: String) {
        var state = Fixtures.loaded(Self.docs)
        state.cache.entries = [CacheEntry(key: "old", value: 1)]
        state.search.matches = [["id": "old"]]
        state.search.text = "old"
        state.pane = pane
        let effects = update(&state, .key(.char("/"))) + Fixtures.keys(&state, query) + update(&state, .key(.enter))
        let id = Fixtures.requestIDs(effects).last!
        _ = update(&state, .failed(id, ErrorInfo(status: nil, message: "Couldn't connect to server", unreachable: true)))
        #expect(state.listCount == 0, "another query's results under this one's name")
        let text = state.emptyText(of: pane)
        #expect(text.contains("not in the cache") && text.contains(":find"), "\(text)")
        #expect(text.contains(state[pane].statusQuery!), "it names the query: \(text)")
        #expect(state.detail.content == .empty(text))
        let screen = Screen.render(state).text
        #expect(screen.contains("not in the cache"))
        #expect(!screen.contains("movie-0001") && !screen.contains(" old "))
    }

    /// A notice longer than its area is wrapped at spaces, not cut: the offline hint's `:find`
    /// stays readable in the narrow list and in the detail, on a terminal of 80 columns.
    @Test func aLongNoticeIsWrappedNotCut() {
        var state = Fixtures.loaded(Self.docs, width: 80, height: 24)
        let effects = update(&state, .key(.char("/"))) + Fixtures.keys(&state, "type=book") + update(&state, .key(.enter))
        _ = update(&state, .failed(Fixtures.requestIDs(effects).last!, ErrorInfo(status: nil, message: "refused", unreachable: true)))
        let notice = state.emptyText(of: .data)
        let buffer = Screen.render(state)
        func words(in rect: Rect) -> String {
            (rect.y..<rect.y + rect.height).map { String(buffer.lines[$0].dropFirst(rect.x).prefix(rect.width)) }
                .joined(separator: " ").split(separator: " ").joined(separator: " ")
        }
        let expected = notice.split(separator: " ").joined(separator: " ")
        #expect(DisplayWidth.of(notice) > state.layout.detail.width, "the notice is wider than the detail: \(notice)")
        #expect(words(in: state.layout.list).contains(expected), "\(buffer.text)")
        #expect(words(in: state.layout.detail).contains(expected), "\(buffer.text)")
    }

    /// The focused half says so by its header (role and `▶`), not only by the cursor's colour.
    @Test func theFocusedHalfIsMarked() {
        var state = Fixtures.loaded(Self.docs, width: 120, height: 40)
        func header(_ rect: Rect) -> (String, Role) {
            let buffer = Screen.render(state)
            return (String(buffer.lines[rect.y].dropFirst(rect.x).prefix(rect.width)), buffer[rect.x, rect.y].role)
        }
        #expect(header(state.layout.list).0.hasPrefix("▶ _id") && header(state.layout.list).1 == .tabActive)
        #expect(!header(state.layout.detail).0.contains("▶") && header(state.layout.detail).1 == .header)
        _ = update(&state, .key(.tab))
        #expect(!header(state.layout.list).0.hasPrefix("▶") && header(state.layout.list).1 == .header)
        let detail = header(state.layout.detail)
        #expect(detail.0.hasPrefix("▶ movie-0001") && detail.1 == .tabActive)
    }
}
