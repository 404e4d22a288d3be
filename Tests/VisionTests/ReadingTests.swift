import HyperJSON
import HyperModel
import Testing
@testable import VisionCore
@testable import VisionUI

/// Reading the screen (issue 11.8): help that scrolls and says what lies below, wraps and
/// groups; the queue's reason always shown; JSON error bodies as trees; long texts on one line
/// until asked; hidden columns counted.
@Suite struct ReadingTests {
    /// Help at the smallest size: grouped, each command with its argument syntax, every line
    /// inside the box (wrapped, never cut), and it scrolls to its last line and no further.
    @Test func helpScrollsWrapsAndGroups() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs, width: 60, height: 16)
        _ = update(&state, .key(.char("?")))
        let page = HelpPage.lines(for: state)
        let text = page.map { $0.map(\.text).joined() }
        let width = HelpPage.textWidth(state.layout)
        for line in text { #expect(DisplayWidth.of(line) <= width, "cut: \(line)") }
        for heading in ["Data pane", "Move", "View", "Edit", "Write a draft dialog"] {
            #expect(text.contains(heading), "no group \(heading)")
        }
        let joined = text.joined(separator: "\n")
        #expect(joined.contains(":query TEXT") && joined.contains(":theme NAME") && joined.contains(":connect NAME|URL"))
        // Nothing of a command's title is lost to the wrap.
        let title = CommandTable.command(.columns).title
        #expect(joined.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
            .contains(title.split(separator: " ").joined(separator: " ")))

        let rows = HelpPage.rows(state.layout)
        #expect(page.count > rows, "the page is longer than the box at 60x16")
        var screen = Screen.render(state).text
        #expect(screen.contains("↓ \(page.count - rows) more"))
        _ = update(&state, .key(.char("j")))
        #expect(state.helpTop == 1)
        screen = Screen.render(state).text
        #expect(screen.contains("↑ 1 more") && screen.contains("↓ \(page.count - rows - 1) more"))
        _ = update(&state, .key(.char("G")))
        #expect(state.helpTop == page.count - rows)
        #expect(!Screen.render(state).text.contains("↓"), "at the end nothing lies below")
        _ = update(&state, .key(.char("j")))
        #expect(state.helpTop == page.count - rows, "never past the last line")
        _ = update(&state, .key(.char("k")))
        #expect(state.helpTop == page.count - rows - 1, "k moves at once after G")
        _ = update(&state, .key(.pageUp))
        #expect(state.helpTop == max(0, page.count - 2 * rows - 1))
        _ = update(&state, .key(.char("g")))
        #expect(state.helpTop == 0)
        _ = update(&state, .key(.pageDown))
        #expect(state.helpTop == min(rows, page.count - rows))
        _ = update(&state, .key(.esc))
        #expect(state.helpTop == nil)
    }

    /// Space selects in the lists and nothing else: folding in the detail has keys of its own.
    @Test func spaceMeansOneThingInEveryPane() {
        for pane in Pane.allCases {
            for focus in [Focus.list, .detail] {
                let commands = CommandTable.all.filter { $0.applies(pane: pane, focus: focus) && $0.keys.contains([.char(" ")]) }
                #expect(commands.count <= 1, "\(pane) \(focus): \(commands.map(\.id))")
                #expect(commands.allSatisfy { $0.id == .select })
            }
        }
        // And no two commands of one pane and focus share a key.
        for pane in Pane.allCases {
            for focus in [Focus.list, .detail] {
                let bindings = CommandTable.all.filter { $0.applies(pane: pane, focus: focus) }.flatMap(\.keys)
                #expect(Set(bindings).count == bindings.count, "\(pane) \(focus) has a key bound twice")
            }
        }
    }

    /// The queue's reason is shown whatever the width: the payload is what gets cut.
    @Test(arguments: [60, 80, 120]) func theQueuesReasonIsAlwaysVisible(width: Int) {
        var state = Fixtures.loaded([], width: width, height: 24)
        let load = update(&state, .key(.char("5")))
        let errors: [JSON] = [
            ["id": "17", "status": "ERROR", "job": ["action": "email", "to": "someone@example.com", "body": .string(String(repeating: "x", count: 300))],
             "error": ["status": 502, "body": "bad gateway"]],
        ]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [], errors: errors)))
        let screen = Screen.render(state).text
        #expect(screen.contains("502 bad gateway"), "\(screen)")
        #expect(screen.contains("{\"action\""), "the payload follows, shortened")
    }

    /// A row says what the target's answer says went wrong (hyper's `msg`, or `message`, ...),
    /// whether the answer came as JSON or as text holding JSON; other answers are shown as they are.
    @Test func aFailedJobsRowShowsTheAnswersMessage() {
        var state = Fixtures.loaded([], width: 120, height: 24)
        let load = update(&state, .key(.char("5")))
        let errors: [JSON] = [
            ["id": "1", "status": "ERROR", "job": ["a": 1],
             "error": ["status": 500, "body": ["ok": false, "status": 500, "msg": "worker refused the job"]]],
            ["id": "2", "status": "ERROR", "job": ["a": 2],
             "error": ["status": 422, "body": "{\"ok\":false,\"message\":\"missing field 'to'\"}"]],
            ["id": "3", "status": "ERROR", "job": ["a": 3], "error": ["status": 400, "body": ["fields": ["to"]]]],
            ["id": "4", "status": "ERROR", "job": ["a": 4], "error": ["status": 502, "body": "{not json"]],
        ]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [], errors: errors)))
        let screen = Screen.render(state).text
        #expect(screen.contains("500 worker refused the job"), "\(screen)")
        #expect(screen.contains("422 missing field 'to'"), "\(screen)")
        #expect(screen.contains("400 {\"fields\":[\"to\"]}"), "an answer without a message is shown as it is: \(screen)")
        #expect(screen.contains("502 {not json"), "\(screen)")
    }

    /// A waiting job says since when; one that has waited past five minutes stands out (hyper's
    /// own queue may never deliver it: H4).
    @Test func waitingJobsSayHowLongTheyWaited() {
        var state = Fixtures.loaded([], width: 100, height: 24)
        let load = update(&state, .key(.char("5")))
        let now = state.now
        let ready: [JSON] = [
            ["id": "1", "status": "READY", "job": ["a": 1], "timestmp": .number(JSONNumber(Int((now - 30) * 1000)))],
            ["id": "2", "status": "READY", "job": ["a": 2], "timestmp": .number(JSONNumber(Int((now - 7200) * 1000)))],
        ]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: ready, errors: [])))
        _ = update(&state, .key(.char("t")))
        let buffer = Screen.render(state)
        #expect(buffer.text.contains("queued"), "\(buffer.text)")
        #expect(buffer.text.contains("30 seconds ago") && buffer.text.contains("2 hours ago"), "\(buffer.text)")
        #expect(ListView.queuedSince(ready[0], now: now).first?.role == .dim)
        #expect(ListView.queuedSince(ready[1], now: now).first?.role == .error)
    }

    /// A job whose error body is JSON opens with the body as a tree.
    @Test func aJSONErrorBodyOpensAsATree() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("5")))
        let errors: [JSON] = [["id": "9", "status": "ERROR", "job": ["a": 1],
                               "error": ["status": 422, "body": "{\"ok\":false,\"msg\":\"missing field 'to'\",\"fields\":[\"to\"]}"]]]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .jobs(ready: [], errors: errors)))
        _ = update(&state, .key(.enter))
        guard case .json(let detail) = state.queue.detail.content else { Issue.record("no tree"); return }
        #expect(detail["error"]?["body"]?["msg"] == "missing field 'to'")
        #expect(Screen.render(state).text.contains("msg: \"missing field 'to'\""))
    }

    /// A long text keeps to one line ending in `…` until Enter or `l` shows it whole.
    @Test func aLongTextStaysOnOneLineUntilExpanded() {
        let plot = String(repeating: "Marty McFly is sent thirty years into the past. ", count: 4)
        var state = Fixtures.loaded([["_id": "movie-0001", "plot": .string(plot), "year": 1985]])
        _ = update(&state, .key(.enter))
        let lines = { (state: AppState) in
            Screen.render(state).lines.dropFirst(state.layout.detail.y).filter { $0.contains("Marty") || $0.contains("past") }
        }
        #expect(lines(state).count == 1)
        #expect(lines(state).first?.contains("…") == true)
        _ = Fixtures.keys(&state, "jj")
        _ = update(&state, .key(.char("l")))
        #expect(lines(state).count > 1, "shown whole")
        #expect(!lines(state).joined().contains("…"))
        _ = update(&state, .key(.char("h")))
        #expect(lines(state).count == 1)
    }

    /// Columns that do not fit are counted at the header's right (`›3`); scrolling with `l`
    /// shows them, keeping the first column, and counts those passed on the left (`‹1`).
    @Test func hiddenColumnsAreCountedAndScrolledTo() {
        let doc: JSON = ["_id": "movie-0001", "title": "Back to the Future", "director": "Robert Zemeckis",
                         "studio": "Universal Pictures", "country": "United States", "language": "English", "year": 1985]
        var state = Fixtures.loaded([doc], width: 80, height: 24)
        var header = Screen.render(state).lines[state.layout.list.y]
        #expect(header.contains("›"), "\(header)")
        let hidden = Int(header.split(separator: "›").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        #expect(hidden > 0)
        #expect(!header.contains("year"))
        for _ in 0..<state.data.columnHeaders.count { _ = update(&state, .key(.char("l"))) }
        header = Screen.render(state).lines[state.layout.list.y]
        #expect(header.dropFirst(2).hasPrefix("_id") && header.contains("year") && header.contains("‹"), "\(header)")
        #expect(!header.contains("›"))
        #expect(Screen.render(state).text.contains("movie-0001"))
    }
}
