import HyperJSON
import HyperModel
import Testing
@testable import VisionCore
import VisionUI

@Suite struct UpdateTests {
    @Test func startChecksTheAppAndLoadsTheFirstPage() {
        var state = Fixtures.state()
        let requests = Fixtures.requests(state.start())
        #expect(requests == [.info, .read(.dataList(ListOptions(startkey: nil, limit: DataPaneState.pageSize)))])
        #expect(state.running.count == 2)
    }

    @Test func scrollingNearTheEndLoadsTheNextPageFromTheLastID() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie))
        #expect(state.data.docs.count == 100)
        #expect(!state.data.reachedEnd)
        var effects: [Effect] = []
        for _ in 0..<95 { effects += update(&state, .key(.char("j"))) }
        let pages = Fixtures.requests(effects)
        #expect(pages == [.read(.dataList(ListOptions(startkey: "movie-0100", limit: DataPaneState.pageSize + 1)))])
        // The inclusive startkey repeats the last document: it is dropped.
        let id = Fixtures.requestIDs(effects)[0]
        _ = update(&state, .response(id, .page(.documents((100...150).map(Fixtures.movie)))))
        #expect(state.data.docs.count == 150)
        #expect(state.data.reachedEnd)
        #expect(state.data.docs[100]["_id"] == "movie-0101")
    }

    @Test func goingToTheEndKeepsLoadingPagesUntilItGetsThere() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie))
        let effects = update(&state, .key(.char("G")))
        #expect(state.data.list.index == 99)
        #expect(Fixtures.requests(effects).count == 1)
        let next = update(&state, .response(Fixtures.requestIDs(effects)[0], .page(.documents((100...200).map(Fixtures.movie)))))
        #expect(state.data.docs.count == 200)
        #expect(state.data.list.index == 199)
        #expect(Fixtures.requests(next) == [.read(.dataList(ListOptions(startkey: "movie-0200", limit: DataPaneState.pageSize + 1)))])
        _ = update(&state, .response(Fixtures.requestIDs(next)[0], .page(.documents((200...230).map(Fixtures.movie)))))
        #expect(state.data.list.index == 229)
        #expect(state.data.reachedEnd && state.data.target == nil)
    }

    @Test func fastScrollingPastTheLoadedPagesLandsWhereTheKeysSaid() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie))
        var effects: [Effect] = []
        for _ in 0..<150 { effects += update(&state, .key(.char("j"))) }
        #expect(state.data.list.index == 99)
        let ids = Fixtures.requestIDs(effects)
        #expect(ids.count == 1)
        _ = update(&state, .response(ids[0], .page(.documents((100...200).map(Fixtures.movie)))))
        #expect(state.data.list.index == 150)
        #expect(state.data.target == nil)
    }

    @Test func aSelectorFromTheQueryPromptRunsAMangoQuery() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = update(&state, .key(.char("/")))
        #expect(state.prompt?.kind == .query(.data))
        _ = Fixtures.keys(&state, "type=movie year>1984")
        let effects = update(&state, .key(.enter))
        #expect(Fixtures.requests(effects) == [.read(.dataQuery(DataQuery(
            selector: ["type": "movie", "year": ["$gt": 1984]], limit: DataPaneState.pageSize, skip: 0)))])
        #expect(state.data.queryText == "type=movie year>1984")
        #expect(state.history["query-data"] == ["type=movie year>1984"])
    }

    @Test func aBadSelectorIsExplainedAndNothingRuns() {
        var state = Fixtures.loaded([])
        _ = update(&state, .key(.char("/")))
        _ = Fixtures.keys(&state, "{\"type\":")
        let effects = update(&state, .key(.enter))
        #expect(effects.isEmpty)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("query is not JSON") == true)
    }

    @Test func queryCommandTakesSortAndFields() {
        var state = Fixtures.loaded([])
        _ = Fixtures.keys(&state, ":query type=movie sort=year:desc fields=_id,title")
        let requests = Fixtures.requests(update(&state, .key(.enter)))
        #expect(requests == [.read(.dataQuery(DataQuery(selector: ["type": "movie"], fields: ["_id", "title"],
                                                   sort: [["year": "DESC"]], limit: DataPaneState.pageSize, skip: 0)))])
    }

    @Test func historyRecallsEarlierQueries() {
        var state = Fixtures.loaded([])
        for query in ["a=1", "b=2"] {
            _ = update(&state, .key(.char("/")))
            _ = update(&state, .key(.ctrl("u")))
            _ = Fixtures.keys(&state, query)
            _ = update(&state, .key(.enter))
        }
        _ = update(&state, .key(.char("/")))
        _ = update(&state, .key(.up))
        #expect(state.prompt?.text == "b=2")
        _ = update(&state, .key(.up))
        #expect(state.prompt?.text == "a=1")
        _ = update(&state, .key(.down))
        #expect(state.prompt?.text == "b=2")
    }

    @Test func escCancelsRunningRequestsAndLateAnswersAreDropped() {
        var state = Fixtures.state()
        let ids = Fixtures.requestIDs(state.start())
        let effects = update(&state, .key(.esc))
        #expect(effects == ids.map { .cancel($0) })
        #expect(!state.isBusy)
        _ = update(&state, .response(ids[1], .page(.documents([Fixtures.movie(1)]))))
        #expect(state.data.docs.isEmpty)
    }

    @Test func enterOpensTheDocumentAndFetchesItFresh() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        let effects = update(&state, .key(.enter))
        #expect(Fixtures.requests(effects) == [.read(.dataDocument(id: "movie-0001"))])
        #expect(state.focus == .detail)
        #expect(state.data.detail.content == .json(Fixtures.unicodeDocs[0]))
    }

    @Test func detailFoldsWithEnterAndAllWithZ() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.enter)) // movie-0005 with tags
        let before = state.data.detail.lineCount
        _ = Fixtures.keys(&state, "zM")
        #expect(state.data.detail.lineCount == before - 2)
        _ = Fixtures.keys(&state, "zR")
        #expect(state.data.detail.lineCount == before)
        _ = update(&state, .key(.char("G")))
        _ = update(&state, .key(.char("k")))
        _ = update(&state, .key(.char("k")))
        _ = Fixtures.keys(&state, "za")
        #expect(state.data.detail.tree.folded == ["$.tags"])
        // Space selects in the list; in the detail it folds nothing: one key, one meaning.
        _ = update(&state, .key(.char(" ")))
        #expect(state.data.detail.tree.folded == ["$.tags"])
    }

    /// In the detail `h` folds (or goes to the enclosing field) and `l` unfolds; a long text
    /// keeps to one line until `l` or Enter shows it whole.
    @Test func detailFoldsWithHAndUnfoldsWithL() {
        let long = String(repeating: "word ", count: 60)
        var state = Fixtures.loaded([["_id": "movie-0001", "cast": [["name": "Ada"]], "plot": .string(long)]])
        _ = update(&state, .key(.enter))
        // $, _id, cast, 0, name, plot
        for _ in 0..<4 { _ = update(&state, .key(.char("j"))) }
        _ = update(&state, .key(.char("h")))   // a scalar: to the element that holds it
        #expect(state.data.detail.cursor.index == 3)
        _ = update(&state, .key(.char("h")))   // folds it
        #expect(state.data.detail.tree.folded == ["$.cast.0"])
        _ = update(&state, .key(.char("h")))   // folded already: to its array
        #expect(state.data.detail.cursor.index == 2)
        _ = update(&state, .key(.right))
        #expect(state.data.detail.tree.folded == ["$.cast.0"], "l unfolds the line under the cursor only")
        _ = update(&state, .key(.char("G")))
        _ = update(&state, .key(.char("l")))
        #expect(state.data.detail.tree.expanded == ["$.plot"])
        _ = update(&state, .key(.enter))
        #expect(state.data.detail.tree.expanded.isEmpty)
    }

    /// `h`/`l` in the list scroll the columns after the first, never past the last.
    @Test func theListScrollsItsColumns() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        #expect(state.data.columnHeaders == ["_id", "type", "title", "year", "created", "tags"])
        for _ in 0..<9 { _ = update(&state, .key(.char("l"))) }
        #expect(state.data.list.column == 4)
        _ = update(&state, .key(.left))
        #expect(state.data.list.column == 3)
        _ = Fixtures.keys(&state, "hhhhh")
        #expect(state.data.list.column == 0)
    }

    @Test func largeArraysArePaged() {
        var tree = JSONTreeState()
        let value: JSON = ["items": .array((0..<250).map { JSON($0) })]
        var nodes = tree.flatten(value)
        #expect(nodes.count == 2 + JSONTreeState.arrayPage + 1)
        #expect(nodes.last?.kind == .more(remaining: 150))
        tree.activate(nodes.last!)
        nodes = tree.flatten(value)
        #expect(nodes.last?.kind == .more(remaining: 50))
    }

    @Test func switchingPanesLoadsThemOnce() {
        var state = Fixtures.loaded([])
        #expect(Fixtures.requests(update(&state, .key(.char("2")))) == [.read(.cacheQuery(pattern: "*"))])
        _ = update(&state, .key(.char("1")))
        #expect(Fixtures.requests(update(&state, .key(.char("2")))).isEmpty)
        #expect(Fixtures.requests(update(&state, .key(.char("r")))) == [.read(.cacheQuery(pattern: "*"))])
    }

    @Test func cachePatternFromTheQueryPrompt() {
        var state = Fixtures.loaded([])
        _ = update(&state, .key(.char("2")))
        _ = update(&state, .key(.char("/")))
        _ = Fixtures.keys(&state, "movie-*")
        #expect(Fixtures.requests(update(&state, .key(.enter))) == [.read(.cacheQuery(pattern: "movie-*"))])
    }

    @Test func queueRetriesTheSelectionOrTheCursorJob() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("5")))
        let errors: [JSON] = [["id": "7", "job": ["n": 1], "status": "ERROR"], ["id": "8", "job": ["n": 2], "status": "ERROR"]]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [], errors: errors)))
        #expect(Fixtures.requests(update(&state, .key(.char("R")))) == [.write([.queueRetry(id: "7")])])
        _ = update(&state, .key(.char(" ")))
        #expect(state.queue.selected == ["7"])
        #expect(state.queue.list.index == 1)
    }

    @Test func queueBulkSelectionWithSpace() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("5")))
        let errors: [JSON] = [["id": "7", "job": ["n": 1]], ["id": 8, "job": ["n": 2]], ["id": "9", "job": [:]]]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [["id": "1", "job": [:]]], errors: errors)))
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char(" ")))
        #expect(state.queue.selected == ["7", "8"])
        // `x` asks first, naming the jobs: `n` cancels nothing, `y` cancels both.
        #expect(Fixtures.requests(update(&state, .key(.char("x")))).isEmpty)
        #expect(state.dialog == .confirmCancel(["7", "8"]))
        #expect(Fixtures.requests(update(&state, .key(.char("n")))).isEmpty && state.dialog == nil)
        #expect(state.queue.selected == ["7", "8"], "keeping the jobs keeps the selection")
        _ = update(&state, .key(.char("x")))
        #expect(Fixtures.requests(update(&state, .key(.char("y")))) == [.write([.queueCancel(id: "7"), .queueCancel(id: "8")])])
        _ = update(&state, .key(.char("t")))
        #expect(state.queue.jobs.count == 1)
        _ = update(&state, .key(.char("R")))
        #expect(state.message?.isError == true)
    }

    @Test func readOnlyRefusesWritesAndSaysWhy() {
        var state = Fixtures.state()
        state.connection.readOnly = true
        _ = update(&state, .key(.char("4")))
        #expect(update(&state, .key(.char("U"))).isEmpty)
        #expect(state.prompt == nil)
        #expect(state.message?.text.contains("read-only") == true)
    }

    @Test func watchModeRefreshesEveryTwoSeconds() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("5")))
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [], errors: [])))
        _ = update(&state, .key(.char("w")))
        let first = state.running.values.filter { $0.purpose == .queueList }.count
        #expect(first == 1)
        state.running = [:]
        #expect(update(&state, .tick(Fixtures.now + 1)).isEmpty)
        #expect(Fixtures.requests(update(&state, .tick(Fixtures.now + 2.5))) == [.queueListing])
    }

    /// Each Tab completes the palette's text: a command, then its argument, cycling through the
    /// candidates when there are several (a single one completes outright, with no list left);
    /// Enter runs what the text became.
    @Test(arguments: [
        (":the", ["theme ", "theme default", "theme light"], ["default", "light", "mono"], Effect.loadTheme("light")),
        (":connect p", ["connect prod"], [], .connect("prod")),   // the saved connections: local, prod
    ])
    func tabCompletesThePaletteAndEnterRunsIt(typed: String, afterEachTab: [String], offered: [String], runs: Effect) {
        var state = Fixtures.state()
        _ = Fixtures.keys(&state, typed)
        for text in afterEachTab {
            _ = update(&state, .key(.tab))
            #expect(state.prompt?.text == text)
        }
        #expect(state.prompt?.completions == offered)
        #expect(update(&state, .key(.enter)) == [runs])
    }

    @Test func unknownCommandIsExplained() {
        var state = Fixtures.state()
        _ = Fixtures.keys(&state, ":frobnicate")
        #expect(update(&state, .key(.enter)).isEmpty)
        #expect(state.message?.text.hasPrefix("unknown command :frobnicate") == true)
    }

    @Test func domainSwitchResetsAndReloads() {
        var state = Fixtures.loaded((1...3).map(Fixtures.movie))
        _ = Fixtures.keys(&state, ":domain other")
        #expect(update(&state, .key(.enter)) == [.switchDomain("other")])
        let effects = update(&state, .connected(ConnectionInfo(label: "http://127.0.0.1:6363/other", domain: "other")))
        #expect(Fixtures.requests(effects) == [.info, .read(.dataList(ListOptions(startkey: nil, limit: DataPaneState.pageSize)))])
        #expect(state.connection.domain == "other")
        #expect(state.data.docs.isEmpty)
        #expect(state.knownDomains == ["test", "other"])
    }

    @Test func storageTreeNavigatesFolders() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("4")))
        let objects = [StorageObject(name: "docs/a.txt", size: 5, modified: nil, contentType: "text/plain"),
                       StorageObject(name: "docs/b.json", size: 9, modified: nil, contentType: "application/json"),
                       StorageObject(name: "logo.png", size: 2_000_000, modified: nil, contentType: "image/png")]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .page(.objects(objects))))
        #expect(state.storage.entries == [.folder("docs"), .object(objects[2])])
        _ = update(&state, .key(.enter))
        #expect(state.storage.folder == "docs/")
        #expect(state.storage.entries.count == 3)
        _ = update(&state, .key(.down))
        let preview = update(&state, .key(.enter))
        #expect(Fixtures.requests(preview) == [.preview(name: "docs/a.txt", maxBytes: AppState.previewLimit)])
        _ = update(&state, .response(Fixtures.requestIDs(preview)[0], .preview(text: "hello", bytes: 5, contentType: "text/plain")))
        #expect(state.storage.detail.content == .text("hello"))
        _ = update(&state, .key(.esc))
        _ = update(&state, .key(.esc))
        #expect(state.storage.folder == "")
    }

    /// A folder typed with `/` that holds nothing says so, beside the `..` that leads back.
    @Test func anEmptyStorageFolderSaysItIsEmpty() {
        var state = Fixtures.loaded([], width: 120, height: 30)
        let load = update(&state, .key(.char("4")))
        let objects = [StorageObject(name: "docs/a.txt", size: 5, modified: nil, contentType: "text/plain")]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .page(.objects(objects))))
        _ = update(&state, .key(.char("/")))
        for character in "lighthouse" { _ = update(&state, .key(.char(character))) }
        _ = update(&state, .key(.enter))
        #expect(state.storage.folder == "lighthouse/")
        #expect(state.storage.entries == [.parent])
        #expect(Screen.render(state).text.contains("no objects under lighthouse/"), "\(Screen.render(state).text)")
        _ = update(&state, .key(.esc))
        #expect(state.storage.folder == "")
        _ = update(&state, .key(.enter))
        #expect(state.storage.folder == "docs/")
        #expect(!Screen.render(state).text.contains("no objects under"), "a folder with objects is not called empty")
    }

    @Test func storageWithoutListingOffersOpenByName() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("4")))
        _ = update(&state, .failed(Fixtures.requestIDs(load)[0], ErrorInfo(status: 404, message: "not found")))
        #expect(!state.storage.canList)
        #expect(state.message?.text.contains("o opens one by name") == true)
        _ = update(&state, .key(.char("o")))
        _ = Fixtures.keys(&state, "notes/a.json")
        let effects = update(&state, .key(.enter))
        #expect(Fixtures.requests(effects) == [.preview(name: "notes/a.json", maxBytes: AppState.previewLimit)])
        #expect(state.storage.objects.map(\.name) == ["notes/a.json"])
        _ = update(&state, .response(Fixtures.requestIDs(effects)[0], .preview(text: "{\"a\":1}", bytes: 7, contentType: nil)))
        #expect(state.storage.detail.content == .json(["a": 1]))
    }

    /// `o NAME` shows the object in the detail with the list's cursor on it, in its folder: `D`
    /// then downloads that object, not whatever the cursor was on before.
    @Test func openByNameThenDownloadActsOnTheObjectShown() {
        let objects = [StorageObject(name: "readme.txt", size: 10, modified: nil, contentType: "text/plain"),
                       StorageObject(name: "images/logo.png", size: 2048, modified: nil, contentType: "image/png")]
        var state = Fixtures.storage(objects)
        #expect(state.storage.list.index == 0)
        _ = update(&state, .key(.char("o")))
        _ = Fixtures.keys(&state, "images/logo.png")
        _ = update(&state, .key(.enter))
        #expect(state.storage.folder == "images/")
        #expect(state.storage.entries[state.storage.list.index] == .object(objects[1]))
        #expect(state.storage.detail.title == "images/logo.png")
        state.downloadFolder = "/tmp/dl"
        _ = update(&state, .key(.char("D")))
        let effects = update(&state, .key(.enter))
        #expect(Fixtures.requests(effects) == [.download(name: "images/logo.png", toPath: "/tmp/dl/logo.png")])
    }

    /// An object's size and type are said once, in its list row (the detail listed them too,
    /// a binary one twice); what a fetch taught (a type the listing lacked) goes to the row.
    @Test func anObjectsSizeAndTypeAreSaidOnce() {
        let object = StorageObject(name: "blob.bin", size: 2048, modified: "2026-11-20T10:00:00Z", contentType: nil)
        var state = Fixtures.storage([object], width: 120, height: 40)
        let effects = update(&state, .key(.enter))
        _ = update(&state, .response(Fixtures.requestIDs(effects)[0], .preview(text: nil, bytes: 2048, contentType: "application/octet-stream")))
        guard case .facts(let facts) = state.storage.detail.content else { Issue.record("no facts"); return }
        #expect(facts.map(\.label) == ["name", "preview"])
        let screen = Screen.render(state).text
        #expect(screen.components(separatedBy: "2.0 KB").count == 2, "\(screen)")
        #expect(screen.components(separatedBy: "application/octet-stream").count == 2, "\(screen)")
    }

    @Test func downloadAsksForAPathThenShowsProgress() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("4")))
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .page(.objects([StorageObject(name: "logo.png", size: 10, modified: nil, contentType: "image/png")]))))
        state.downloadFolder = "/home/ada/Downloads"
        _ = update(&state, .key(.char("D")))
        #expect(state.prompt?.text == "/home/ada/Downloads/logo.png")
        _ = update(&state, .key(.ctrl("u")))
        _ = Fixtures.keys(&state, "logo-copy.png")
        let effects = update(&state, .key(.enter))
        // A name alone goes to the downloads folder, never to the folder the browser started in.
        #expect(Fixtures.requests(effects) == [.download(name: "logo.png", toPath: "/home/ada/Downloads/logo-copy.png")])
        let id = Fixtures.requestIDs(effects)[0]
        _ = update(&state, .progress(id, bytes: 4, total: 10))
        #expect(state.storage.transfer?.bytes == 4)
        _ = update(&state, .response(id, .transferred(bytes: 10, path: "logo.png", kept: nil)))
        #expect(state.storage.transfer == nil)
        #expect(state.message?.text == "downloaded 10 B to logo.png")
    }

    @Test func escCancelsATransfer() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("4")))
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .page(.objects([StorageObject(name: "big.bin", size: 1 << 30, modified: nil, contentType: nil)]))))
        _ = update(&state, .key(.char("D")))
        let id = Fixtures.requestIDs(update(&state, .key(.enter)))[0]
        _ = update(&state, .progress(id, bytes: 1 << 20, total: 1 << 30))
        #expect(update(&state, .key(.esc)) == [.cancel(id)])
        #expect(state.storage.transfer == nil)
        #expect(state.message?.text == "cancelled")
        _ = update(&state, .response(id, .transferred(bytes: 1 << 30, path: "big.bin", kept: nil)))
        #expect(state.message?.text == "cancelled")
    }

    @Test func networkFailureMarksOfflineAndShowsTheMessage() {
        var state = Fixtures.state()
        let ids = Fixtures.requestIDs(state.start())
        _ = update(&state, .failed(ids[0], ErrorInfo(status: nil, message: "Couldn't connect to server", unreachable: true)))
        #expect(state.online == .offline)
        _ = update(&state, .failed(ids[1], ErrorInfo(status: 500, message: "boom")))
        #expect(state.message == Message(text: "loading documents: 500 boom", isError: true))
    }

    @Test func resizeKeepsTheCursorVisible() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie), width: 120, height: 40)
        for _ in 0..<30 { _ = update(&state, .key(.char("j"))) }
        _ = update(&state, .resize(width: 60, height: 16))
        let rows = state.layout.listRows
        #expect(state.data.list.index == 30)
        #expect(state.data.list.top <= 30 && 30 < state.data.list.top + rows)
    }

    @Test func quitCancelsWhatRuns() {
        var state = Fixtures.state()
        let ids = Fixtures.requestIDs(state.start())
        let effects = update(&state, .key(.char("q")))
        #expect(effects == ids.map { .cancel($0) } + [.quit])
        #expect(state.quitting)
    }

    @Test func mouseIsOffUntilAskedFor() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie))
        #expect(update(&state, .mouse(MouseEvent(.wheelDown, x: 5, y: 5))).isEmpty)
        #expect(state.data.list.index == 0)
        _ = Fixtures.keys(&state, ":mouse")
        #expect(update(&state, .key(.enter)) == [.setMouse(true)])
    }

    @Test func wheelScrollsAndClickSelectsUnderThePointer() {
        var state = Fixtures.loaded((1...100).map(Fixtures.movie))
        state.mouse = true
        let list = state.layout.list
        _ = update(&state, .mouse(MouseEvent(.wheelDown, x: 3, y: list.y + 2)))
        #expect(state.data.list.index == AppState.wheelStep)
        _ = update(&state, .mouse(MouseEvent(.click, x: 3, y: list.y + 1 + 5)))
        #expect(state.data.list.index == 5)
        _ = update(&state, .mouse(MouseEvent(.click, x: 3, y: list.y)))   // the header row
        #expect(state.data.list.index == 5)
        _ = update(&state, .key(.enter))
        let detail = state.layout.detail
        _ = update(&state, .mouse(MouseEvent(.click, x: 3, y: detail.y + 1 + 2)))
        #expect(state.focus == .detail)
        #expect(state.data.detail.cursor.index == 2)
        _ = update(&state, .mouse(MouseEvent(.click, x: 3, y: list.y + 1)))
        #expect(state.focus == .list)
        #expect(state.data.list.index == 0)
    }

    @Test func copyTakesIdOrWholeValue() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        #expect(update(&state, .key(.char("y"))) == [.copy(text: "movie-0001", what: "movie-0001")])
        let value = Fixtures.unicodeDocs[0].pretty()
        #expect(update(&state, .key(.char("Y"))) == [.copy(text: value, what: "the value of movie-0001 (\(Format.bytes(Int64(value.utf8.count))))")])
        // Saying "copied" is the loop's to do, once it knows: update says nothing.
        #expect(state.message == nil)
    }

    /// In the detail, `yy` copies the value of the field under the cursor and `yp` its path as
    /// queries read it.
    @Test func copyTakesTheFieldOrThePathUnderTheDetailCursor() {
        let doc: JSON = ["_id": "movie-0001", "cast": [["name": "Ada"], ["name": "Grace", "roles": ["lead"]]], "year": 1985]
        var state = Fixtures.loaded([doc])
        _ = update(&state, .key(.enter))
        #expect(state.focus == .detail)
        // $, _id, cast, 0, name, 1, name
        for _ in 0..<6 { _ = update(&state, .key(.char("j"))) }
        #expect(Fixtures.keys(&state, "yy") == [.copy(text: "Grace", what: "the value of cast.1.name (5 B)")])
        #expect(Fixtures.keys(&state, "yp") == [.copy(text: "cast.1.name", what: "the path cast.1.name")])
        _ = update(&state, .key(.char("j")))
        #expect(Fixtures.keys(&state, "yy") == [.copy(text: "[\n  \"lead\"\n]", what: "the value of cast.1.roles (12 B)")])
        _ = update(&state, .key(.char("g")))
        #expect(Fixtures.keys(&state, "yp") == [])
        #expect(state.message?.isError == true)
        // `y` alone waits for the second key in the detail: it does not copy the id there.
        #expect(update(&state, .key(.char("y"))) == [])
        #expect(state.pendingKeys == [.char("y")])
    }
}
