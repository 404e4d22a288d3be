import Foundation
import HyperJSON
@testable import HyperSession
import HyperStore
import Testing
@testable import VisionCore
@testable import VisionUI

/// The edit dialogs as text: the diff to confirm, a conflict's two versions, a bulk delete, and
/// help on a read-only connection.
@Suite struct DialogScreenTests {
    static func render(_ state: AppState, _ name: String) {
        assertSnapshot(Screen.render(state).text, named: name)
    }

    @Test func writeConfirmationShowsTheDiff() throws {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        let draft = try EditUpdateTests.draft()
        state.dialog = .confirmWrite(draft: draft, document: Fixtures.movie(1),
                                     diff: ["~ year: 1985 → 1986", "+ tags: [\"新\"]", "- created"])
        Self.render(state, "dialog-write-80x24")
        let text = Screen.render(state).text
        #expect(text.contains("Write data movie-0001?"))
        #expect(text.contains("y writes it   n keeps it as a draft"))
    }

    /// A cache key's TTL is not reported by hyper, and a write without one keeps the key for
    /// good: the confirmation says so (a new key's draft has a `ttl` field instead).
    @Test func aCacheWriteSaysTheKeyWillNotExpire() throws {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        let note = "after this write the key does not expire"
        state.dialog = .confirmWrite(draft: try EditUpdateTests.draft("session-ada", base: ["user": "ada"], service: .cache),
                                     document: ["user": "grace"], diff: ["~ user: \"ada\" → \"grace\""])
        #expect(Screen.render(state).text.contains(note), "\(Screen.render(state).text)")
        state.dialog = .confirmWrite(draft: try EditUpdateTests.draft(nil, base: nil, service: .cache),
                                     document: ["key": "k", "value": [:]], diff: ["+ key: \"k\""])
        #expect(!Screen.render(state).text.contains(note))
        state.dialog = .confirmWrite(draft: try EditUpdateTests.draft(), document: Fixtures.movie(1), diff: ["~ year: 1985 → 1986"])
        #expect(!Screen.render(state).text.contains(note))
    }

    @Test func conflictShowsBothVersions() throws {
        var state = Fixtures.loaded(Fixtures.unicodeDocs, width: 120, height: 40)
        let draft = try EditUpdateTests.draft()
        let conflict = EditConflict(service: .data, id: "movie-0001", base: Fixtures.movie(1),
                                    current: ["_id": "movie-0001", "title": "Theirs 🚀"], proposed: ["_id": "movie-0001", "title": "Mine"])
        state.dialog = .conflict(draft: draft, conflict: conflict)
        Self.render(state, "dialog-conflict-120x40")
        let text = Screen.render(state).text
        #expect(text.contains("Theirs 🚀") && text.contains("\"Mine\""))
    }

    /// A conflict on a document with many fields scrolls (j, PgDn, PgUp), says what is below,
    /// and never scrolls past its last line; its keys stay on screen.
    @Test func aLongConflictScrolls() throws {
        var state = Fixtures.loaded(Fixtures.unicodeDocs, width: 80, height: 24)
        var base: JSONObject = ["_id": "movie-0001"], theirs = base, yours = base
        for n in 0..<20 {
            base["f\(n)"] = JSON(n)
            theirs["f\(n)"] = JSON(n * 10)
            yours["f\(n)"] = n % 2 == 0 ? JSON(n) : JSON(n * 100)
        }
        let conflict = EditConflict(service: .data, id: "movie-0001", base: .object(base), current: .object(theirs),
                                    proposed: .object(yours))
        state.dialog = .conflict(draft: try EditUpdateTests.draft(), conflict: conflict)
        let lines = try #require(state.dialog).body(now: state.now).count
        var text = Screen.render(state).text
        #expect(text.contains("⚠ f1  changed on both sides") && text.contains("more below (j, PgDn)"))
        #expect(text.contains("o overwrite with yours"))
        _ = update(&state, .key(.pageDown))
        #expect(state.dialog?.scroll == state.layout.dialogBodyRows)
        for _ in 0..<100 { _ = update(&state, .key(.char("j"))) }
        #expect(state.dialog?.scroll == lines - state.layout.dialogBodyRows)
        text = Screen.render(state).text
        #expect(text.contains("⚠ f19") && !text.contains("more below") && text.contains("k, PgUp go back up"))
        _ = update(&state, .key(.pageUp))
        #expect(state.dialog?.scroll == lines - 2 * state.layout.dialogBodyRows)
    }

    /// A document deleted on the server meanwhile: nothing to merge; yours is shown and `o`
    /// re-creates it.
    @Test func aConflictWithADeletedDocumentShowsYours() throws {
        var state = Fixtures.loaded(Fixtures.unicodeDocs, width: 120, height: 40)
        let conflict = EditConflict(service: .data, id: "movie-0001", base: Fixtures.movie(1), current: nil,
                                    proposed: ["_id": "movie-0001", "title": "Mine"])
        state.dialog = .conflict(draft: try EditUpdateTests.draft(), conflict: conflict)
        let text = Screen.render(state).text
        #expect(text.contains("data movie-0001 was deleted on the server since your edit began"))
        #expect(text.contains("o re-creates it with your version") && text.contains("\"title\": \"Mine\""))
    }

    /// `x` names the job it would cancel, and says it cannot be undone.
    @Test func cancellingJobsAsksNamingThem() {
        var state = Fixtures.loaded([])
        state.dialog = .confirmCancel(["42"])
        var text = Screen.render(state).text
        #expect(text.contains("Cancel job 42?") && text.contains("cannot be undone") && text.contains("y cancels   n keeps"))
        state.dialog = .confirmCancel(["7", "8"])
        text = Screen.render(state).text
        #expect(text.contains("Cancel 2 jobs?") && text.contains("job 7") && text.contains("job 8"))
    }

    @Test func bulkDeleteNamesTheCount() {
        var state = Fixtures.loaded(Fixtures.unicodeDocs)
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char("d")))
        Self.render(state, "dialog-delete-80x24")
        #expect(Screen.render(state).text.contains("Delete 2 data entries?"))
    }

    @Test func helpSaysWhyWritesAreDisabled() {
        var state = Fixtures.loaded([])
        state.connection = ConnectionInfo(label: "prod", domain: "test", readOnlyReason: "--read-only")
        _ = update(&state, .key(.char("?")))
        #expect(Screen.render(state).text.contains("read-only connection (--read-only): writes are disabled"))
    }

    /// Dialogs are contexts of the command table: `?` over a dialog lists its keys first, and
    /// its footer is made of the same commands.
    @Test func helpInADialogListsItsKeys() {
        var state = Fixtures.loaded((1...3).map(Fixtures.movie))
        _ = update(&state, .key(.char("d")))
        #expect(state.dialog?.kind == .confirmDelete)
        _ = update(&state, .key(.char("?")))
        let text = Screen.render(state).text
        #expect(text.contains("Delete dialog") && text.contains("deletes") && text.contains("n Esc q"), "\(text)")
        _ = update(&state, .key(.esc))
        #expect(state.helpTop == nil && state.dialog?.kind == .confirmDelete, "Esc closes the help, not the dialog")
        for kind in DialogKind.allCases {
            let footer = DialogView.footer(kind).map(\.text).joined()
            #expect(CommandTable.help(dialog: kind).allSatisfy { footer.contains($0.title) }, "\(kind): \(footer)")
        }
    }

    /// A dialog's write is refused on a read-only connection by the same rule as a pane's, with
    /// the reason; what does not write still works.
    @Test func aDialogsWriteIsDisabledByTheSameRule() {
        var state = Fixtures.loaded([])
        state.connection = ConnectionInfo(label: "prod", domain: "test", readOnlyReason: "--read-only")
        _ = update(&state, .response(state.nextRequest, .journal([])))
        state.dialog = .drafts([], cursor: 0)
        #expect(state.disabledReason(.reopenDraft) == "read-only connection (--read-only)")
        #expect(state.disabledReason(.discardDraft) == nil && state.disabledReason(.edit) == state.disabledReason(.undoEntry))
        state.dialog = .journal([], cursor: 0)
        let effects = update(&state, .key(.char("u")))
        #expect(effects.isEmpty && state.message?.text == "read-only connection (--read-only): u (undoes it) is disabled")
        _ = update(&state, .key(.char("q")))
        #expect(state.dialog == nil)
    }
}
