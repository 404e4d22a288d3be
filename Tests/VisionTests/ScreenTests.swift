import HyperJSON
import HyperModel
import Testing
@testable import VisionCore
@testable import VisionUI

/// Whole frames as text at 80x24 and 120x40, with CJK, emoji, RTL and hostile data.
@Suite struct ScreenTests {
    static let sizes = [(80, 24), (120, 40)]

    /// Every frame: rows exactly as wide as the screen, no raw control character anywhere.
    func check(_ buffer: CellBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in buffer.lines {
            #expect(DisplayWidth.of(line) == buffer.width, sourceLocation: sourceLocation)
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, sourceLocation: sourceLocation)
        }
    }

    func render(_ state: AppState, _ name: String) {
        let buffer = Screen.render(state)
        check(buffer)
        assertSnapshot(buffer.text, named: name)
    }

    @Test(arguments: sizes) func dataPaneWithUnicodeAndEscapes(width: Int, height: Int) {
        render(Fixtures.loaded(Fixtures.unicodeDocs, width: width, height: height), "data-\(width)x\(height)")
    }

    @Test(arguments: sizes) func documentTreeWithDatesAndFolding(width: Int, height: Int) {
        var state = Fixtures.loaded(Fixtures.unicodeDocs, width: width, height: height)
        _ = update(&state, .key(.enter))
        var doc = Fixtures.unicodeDocs[0]
        doc["plot"] = .string(String(repeating: "Marty McFly is sent thirty years into the past. ", count: 4))
        doc["cast"] = ["Michael J. Fox", "Christopher Lloyd"]
        doc["meta"] = ["rating": 8.5, "nothing": nil, "seen": true]
        state.data.detail.content = .json(doc)
        _ = update(&state, .key(.char("j")))
        render(state, "document-\(width)x\(height)")
    }

    @Test func lineModeShowsOneLinePerDocument() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        _ = update(&state, .key(.char("v")))
        render(state, "data-lines-80x24")
    }

    @Test(arguments: sizes) func queueErrorsWithReasons(width: Int, height: Int) {
        var state = Fixtures.loaded([], width: width, height: height)
        let load = update(&state, .key(.char("5")))
        let errors: [JSON] = [
            ["id": "3", "status": "ERROR", "job": ["action": "email", "to": "山田@example.jp"],
             "error": ["status": 500, "body": "target refused: first delivery fails", "at": "2026-11-21T05:59:00Z"]],
            ["id": "4", "status": "ERROR", "job": ["action": "sms"], "error": ["reason": "connection refused"]],
        ]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [["id": "1", "job": [:]]], errors: errors)))
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char("k")))
        _ = update(&state, .key(.enter))
        render(state, "queue-\(width)x\(height)")
    }

    @Test func cachePaneWithPreviews() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("2")))
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .page(.cacheEntries([
            CacheEntry(key: "movie-1", value: ["title": "千と千尋の神隠し", "rank": 1]),
            CacheEntry(key: "movie-2", value: ["title": "Rocket 🚀"]),
        ]))))
        render(state, "cache-80x24")
    }

    @Test func searchHighlightsMatchedTerms() {
        var state = Fixtures.loaded([], width: 120, height: 40)
        _ = update(&state, .key(.char("3")))
        _ = update(&state, .key(.char("/")))
        _ = Fixtures.keys(&state, "future")
        let effects = update(&state, .key(.enter))
        _ = update(&state, .response(Fixtures.requestIDs(effects)[0], .page(.matches([
            ["id": "movie-0001", "score": 3.2, "terms": ["future"], "title": "Back to the Future", "type": "movie"],
        ]))))
        let buffer = Screen.render(state)
        check(buffer)
        let row = (0..<buffer.width).map { buffer[$0, 3] }
        #expect(row.contains { $0.role == .highlight && $0.text == "F" })
        assertSnapshot(buffer.text, named: "search-120x40")
    }

    @Test func storageTreeAndProgressBar() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("4")))
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .page(.objects([
            StorageObject(name: "docs/readme.txt", size: 120, modified: "2026-11-20T06:00:00Z", contentType: "text/plain"),
            StorageObject(name: "logo.png", size: 204_800, modified: nil, contentType: "image/png"),
        ]))))
        _ = update(&state, .key(.char("j")))
        _ = update(&state, .key(.char("D")))
        let effects = update(&state, .key(.enter))
        _ = update(&state, .progress(Fixtures.requestIDs(effects)[0], bytes: 102_400, total: 204_800))
        _ = update(&state, .tick(Fixtures.now + 2))
        render(state, "storage-80x24")
    }

    @Test func helpIsGeneratedFromTheCommandTable() {
        var state = Fixtures.loaded([])
        _ = update(&state, .key(.char("5")))
        _ = update(&state, .key(.char("?")))
        let text = Screen.render(state).text
        // The pane's own commands come first, so they are on the first page of help.
        let own = CommandTable.help(pane: .queue).filter { $0.panes != nil }
        #expect(own.map(\.id) == [.toggleStatus, .retry, .cancelJob, .select, .watch])
        for command in own { #expect(text.contains(command.title), "\(command.title)") }
        render(state, "help-queue-80x24")
    }

    @Test func promptShowsCompletions() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char(":")))
        _ = Fixtures.keys(&state, "theme ")
        _ = update(&state, .key(.tab))
        render(state, "palette-80x24")
    }

    @Test func tooSmallSaysSoAndRecovers() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs, width: 50, height: 10)
        render(state, "too-small-50x10")
        _ = update(&state, .resize(width: 60, height: 16))
        let text = Screen.render(state).text
        #expect(!text.contains("too small"))
        #expect(text.contains("movie-0001"))
        check(Screen.render(state))
    }

    @Test func everySizeFromTinyToHugeRendersWithoutCrashing() {
        var state = Fixtures.loaded((1...300).map(Fixtures.movie))
        _ = update(&state, .key(.enter))
        for (width, height) in [(1, 1), (9, 3), (59, 15), (60, 16), (99, 30), (100, 30), (250, 80)] {
            _ = update(&state, .resize(width: width, height: height))
            check(Screen.render(state))
        }
    }
}

/// A document as deep as nano stores (500 levels): every node of its tree fits the detail
/// pane, and the deepest value is on screen, not indented a thousand columns away.
@Suite struct DeepDocumentTreeTests {
    @Test(arguments: [40, 80, 120])
    func everyNodeOfA500LevelDocumentFitsTheWidth(width: Int) {
        var value: JSON = "bottom"
        for level in 1..<500 { value = level.isMultiple(of: 2) ? ["d": value] : [value] }
        let nodes = JSONTreeState().flatten(value)
        #expect(nodes.count == 500)
        for node in nodes {
            for line in DetailView.lines(for: node, width: width, now: 0) {
                #expect(line.reduce(0) { $0 + DisplayWidth.of($1.text) } <= width, "depth \(node.depth)")
            }
        }
        let deepest = DetailView.lines(for: nodes[nodes.count - 1], width: width, now: 0)
        #expect(deepest.flatMap { $0 }.map(\.text).joined().contains("\"bottom\""))
    }
}
