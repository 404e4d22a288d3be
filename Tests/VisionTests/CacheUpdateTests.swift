import HyperJSON
import HyperModel
@testable import HyperStore
import Testing
@testable import VisionCore

/// Stale-while-revalidate and offline: the page cache's answer shows at once with its age, the
/// server's replaces it in place, and without a server the cached pages stay browsable.
@Suite struct CacheUpdateTests {
    static func firstPage(_ state: inout AppState) -> RequestID {
        let effects = state.start()
        for case .request(let id, .info) in effects { _ = update(&state, .response(id, .info(["name": "nano"]))) }
        return Fixtures.requestIDs(effects).last!
    }

    @Test func cachedPageShowsAtOnceThenTheServersReplacesItKeepingTheCursor() {
        var state = Fixtures.state()
        let page = Self.firstPage(&state)
        _ = update(&state, .cached(page, .page(.documents((1...100).map(Fixtures.movie))), age: 300))
        #expect(state.data.docs.count == 100)
        #expect(state.cachedAt[.data] == Fixtures.now - 300)
        #expect(state.running[page] != nil, "the server's answer is still awaited")
        for _ in 0..<7 { _ = update(&state, .key(.char("j"))) }
        var fresh = (1...100).map(Fixtures.movie)
        fresh[7]["title"] = "Renamed"
        _ = update(&state, .response(page, .page(.documents(fresh))))
        #expect(state.data.list.index == 7)
        #expect(state.data.docs[7]["title"] == "Renamed")
        #expect(state.data.docs.count == 100)
        #expect(state.cachedAt[.data] == nil)
        #expect(!state.isBusy)
    }

    @Test func refreshKeepsTheCursorWhereItWas() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie))
        for _ in 0..<7 { _ = update(&state, .key(.char("j"))) }
        let refresh = update(&state, .key(.char("r")))
        #expect(Fixtures.requests(refresh) == [.read(.dataList(ListOptions(startkey: nil, limit: DataPaneState.pageSize)))])
        let page = Fixtures.requestIDs(refresh)[0]
        _ = update(&state, .cached(page, .page(.documents((1...100).map(Fixtures.movie))), age: 5))
        #expect(state.data.list.index == 7)
        _ = update(&state, .response(page, .page(.documents((1...100).map(Fixtures.movie)))))
        #expect(state.data.list.index == 7)
    }

    @Test func aCachedNextPageIsReplacedNotRepeated() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie))
        var effects: [Effect] = []
        for _ in 0..<95 { effects += update(&state, .key(.char("j"))) }
        let next = Fixtures.requestIDs(effects)[0]
        _ = update(&state, .cached(next, .page(.documents((100...200).map(Fixtures.movie))), age: 60))
        #expect(state.data.docs.count == 200)
        _ = update(&state, .response(next, .page(.documents((100...200).map(Fixtures.movie)))))
        #expect(state.data.docs.count == 200)
        #expect(state.data.docs[100]["_id"] == "movie-0101")
        #expect(state.data.list.index == 95)
    }

    @Test func unreachableServerKeepsTheCachedPageAndPagesOnThroughTheCache() {
        var state = Fixtures.state()
        let page = Self.firstPage(&state)
        _ = update(&state, .cached(page, .page(.documents((1...100).map(Fixtures.movie))), age: 30))
        let next = update(&state, .failed(page, ErrorInfo(status: nil, message: "connection refused", unreachable: true)))
        #expect(state.online == .offline)
        #expect(state.data.docs.count == 100)
        #expect(state.message?.text == "offline: showing the cached copy (connection refused)")
        #expect(state.cachedAt[.data] != nil)
        #expect(next.isEmpty)
        var effects: [Effect] = []
        for _ in 0..<95 { effects += update(&state, .key(.char("j"))) }
        #expect(Fixtures.requests(effects) == [.read(.dataList(ListOptions(startkey: "movie-0100", limit: DataPaneState.pageSize + 1)))])
        // A document seen in a cached list opens offline too: its request gets the cached copy.
        let open = update(&state, .key(.enter))
        let doc = Fixtures.requestIDs(open).last!
        _ = update(&state, .cached(doc, .page(.document(Fixtures.movie(96))), age: 30))
        _ = update(&state, .failed(doc, ErrorInfo(status: nil, message: "connection refused", unreachable: true)))
        #expect(state.data.detail.content == .json(Fixtures.movie(96)))
    }

    @Test func connectivityMarksOfflineAndBackOnlineByItselfThenRefreshes() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        #expect(update(&state, .connectivity(online: false)).isEmpty)
        #expect(state.online == .offline)
        let back = update(&state, .connectivity(online: true))
        #expect(state.online == .online)
        #expect(state.message?.text == "back online")
        // The pane showed cached pages: it asks the server again.
        #expect(Fixtures.requests(back) == [.read(.dataList(ListOptions(startkey: nil, limit: DataPaneState.pageSize)))])
        // Already online: nothing to refresh.
        #expect(update(&state, .connectivity(online: true)).isEmpty)
    }

    @Test func refreshWhileOfflineProbesTheServerAtOnce() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let online = update(&state, .key(.char("r")))
        #expect(!online.contains(.probeServer))
        _ = update(&state, .connectivity(online: false))
        let offline = update(&state, .key(.char("r")))
        #expect(offline.first == .probeServer)
        #expect(Fixtures.requests(offline) == [.read(.dataList(ListOptions(startkey: nil, limit: DataPaneState.pageSize)))])
    }

    @Test func cacheClearFromThePalette() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let effects = update(&state, .key(.char(":"))) + Fixtures.keys(&state, "cache clear") + update(&state, .key(.enter))
        #expect(Fixtures.requests(effects) == [.clearCache])
        #expect(state.pane == .data)
        state.cachedAt[.data] = Fixtures.now
        _ = update(&state, .response(Fixtures.requestIDs(effects)[0], .cacheCleared))
        #expect(state.cachedAt.isEmpty)
        #expect(state.message?.text == "the page cache of this app is cleared")
    }

    @Test func findListsCachedDocumentsAndJumpsToOne() {
        var state = Fixtures.loaded((1...20).map(Fixtures.movie))
        let ask = update(&state, .key(.char(":"))) + Fixtures.keys(&state, "find title 12") + update(&state, .key(.enter))
        #expect(Fixtures.requests(ask) == [.find("title 12")])
        let hits = [
            FindHit(service: .data, id: "movie-0012", title: "Title 12", snippet: "Title 12", matchRanges: [0..<5],
                    request: RequestKey(.dataDocument(id: "movie-0012"))),
            FindHit(service: .cache, id: "k12", title: "k12", snippet: "title 12", matchRanges: [0..<5],
                    request: RequestKey(.cacheValue(key: "k12"))),
        ]
        _ = update(&state, .response(Fixtures.requestIDs(ask)[0], .found(text: "title 12", hits: hits)))
        #expect(state.dialog == .found(text: "title 12", hits: hits, cursor: 0))
        let jump = update(&state, .key(.enter))
        #expect(state.dialog == nil)
        #expect(state.pane == .data && state.focus == .detail)
        #expect(state.data.list.index == 11)
        #expect(Fixtures.requests(jump) == [.read(.dataDocument(id: "movie-0012"))])
        var empty = Fixtures.loaded([])
        let none = update(&empty, .key(.char(":"))) + Fixtures.keys(&empty, "find nothing") + update(&empty, .key(.enter))
        _ = update(&empty, .response(Fixtures.requestIDs(none)[0], .found(text: "nothing", hits: [])))
        #expect(empty.dialog == nil && empty.message?.text == "no cached document matches nothing")
    }
}
