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
        #expect(text.contains("Delete dialog: keys") && text.contains("deletes") && text.contains("n Esc q"), "\(text)")
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
        #expect(effects.isEmpty && state.message?.text == "read-only connection (--read-only): u (undoes the entry) is disabled")
        _ = update(&state, .key(.char("q")))
        #expect(state.dialog == nil)
    }
}
