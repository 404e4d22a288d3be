import Foundation
import HyperClient
import HyperJSON
import HyperModel
@testable import HyperSession
import HyperStore
import Testing
@testable import VisionCore

/// `e` `a` `d` `u`, `:journal`, `:drafts`: every step asks the session or the user, nothing is
/// written without `y`, and a draft that is not written stays.
@Suite struct EditUpdateTests {
    /// A real draft in a temporary drafts folder (the session makes them the same way).
    static func draft(_ id: String? = "movie-0001", base: JSON? = Fixtures.movie(1), service: HyperService = .data) throws -> Draft {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vision-drafts-\(UUID().uuidString)").path
        let drafts = try Drafts(directory: folder)
        return try drafts.create(app: try AppKey(host: "127.0.0.1:6363", domain: "test"), service: service,
                                 documentID: id, base: base)
    }

    /// Answers the single request among `effects` and returns what that did.
    static func answer(_ state: inout AppState, _ effects: [Effect], _ response: Response) -> [Effect] {
        let ids = Fixtures.requestIDs(effects)
        #expect(ids.count == 1)
        return update(&state, .response(ids[0], response))
    }

    static func editors(_ effects: [Effect]) -> [EditorRun] {
        effects.compactMap { if case .openEditor(let run) = $0 { run } else { nil } }
    }

    @Test func editOpensTheSelectedDocumentInTheEditorThenConfirmsTheDiffBeforeWriting() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let begin = update(&state, .key(.char("e")))
        #expect(Fixtures.requests(begin) == [.beginEdit(EditTarget(service: .data, id: "movie-0001"))])
        #expect(state.isBusy)
        let draft = try Self.draft()
        let open = Self.answer(&state, begin, .draft(draft))
        #expect(Self.editors(open) == [EditorRun(draft: draft)])
        let review = update(&state, .editorClosed(EditorRun(draft: draft), edited: true))
        #expect(Fixtures.requests(review) == [.reviewDraft(draft)])
        var edited = Fixtures.movie(1)
        edited["year"] = 1999
        _ = Self.answer(&state, review, .draftReview(draft, .changed(document: edited, diff: ["~ year: 1951 → 1999"])))
        #expect(state.dialog == .confirmWrite(draft: draft, document: edited, diff: ["~ year: 1951 → 1999"]))
        // Keys other than the answers do nothing.
        #expect(update(&state, .key(.char("j"))).isEmpty)
        #expect(state.dialog != nil)
        let commit = update(&state, .key(.char("y")))
        #expect(state.dialog == nil)
        #expect(Fixtures.requests(commit) == [.commitDraft(draft, document: edited, overwrite: false)])
        let reload = Self.answer(&state, commit, .written(done: ["update data movie-0001"], failures: []))
        #expect(state.message?.text == "done: update data movie-0001")
        #expect(Fixtures.requests(reload).contains(.read(.dataList(ListOptions(startkey: nil, limit: DataPaneState.pageSize)))))
    }

    @Test func declinedWriteKeepsTheDraft() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let draft = try Self.draft()
        state.dialog = .confirmWrite(draft: draft, document: Fixtures.movie(2), diff: [])
        #expect(update(&state, .key(.char("n"))).isEmpty)
        #expect(state.dialog == nil)
        #expect(state.message?.text.contains("draft is kept") == true)
    }

    @Test func unchangedEditDiscardsTheDraftAndSaysSo() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let draft = try Self.draft()
        let review = update(&state, .editorClosed(EditorRun(draft: draft), edited: false))
        let discard = Self.answer(&state, review, .draftReview(draft, .unchanged))
        #expect(Fixtures.requests(discard) == [.discardDraft(draft)])
        #expect(state.message?.text == "no changes")
    }

    @Test func invalidJSONReopensTheEditorUntilTheUserGivesUp() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let draft = try Self.draft()
        let review = update(&state, .editorClosed(EditorRun(draft: draft), edited: true))
        let reopen = Self.answer(&state, review, .draftReview(draft, .invalid(message: "invalid JSON: expected , at line 5, column 3")))
        #expect(Self.editors(reopen) == [EditorRun(draft: draft, afterInvalid: true)])
        #expect(state.message?.text.contains("line 5, column 3") == true)
        // Quitting the reopened editor without saving keeps the draft and stops asking.
        #expect(update(&state, .editorClosed(EditorRun(draft: draft, afterInvalid: true), edited: false)).isEmpty)
        #expect(state.message?.text.contains("kept as a draft") == true)
        // Saving a fix is read again; its question is not shown under the earlier error.
        let again = update(&state, .editorClosed(EditorRun(draft: draft, afterInvalid: true), edited: true))
        #expect(Fixtures.requests(again) == [.reviewDraft(draft)])
        let fixed: JSON = ["_id": "movie-0001", "year": 1999]
        _ = Self.answer(&state, again, .draftReview(draft, .changed(document: fixed, diff: ["~ year: 1951 → 1999"])))
        #expect(state.dialog == .confirmWrite(draft: draft, document: fixed, diff: ["~ year: 1951 → 1999"]))
        #expect(state.message == nil, "the invalid JSON's message is still shown: \(String(describing: state.message))")
    }

    @Test func changedIDIsRefusedWithAClearMessage() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let draft = try Self.draft()
        let review = update(&state, .editorClosed(EditorRun(draft: draft), edited: true))
        #expect(Self.answer(&state, review, .draftReview(draft, .idChanged(from: "movie-0001", to: "movie-9")))
            .isEmpty)
        #expect(state.message == Message(text: "refused: the _id was changed from movie-0001 to movie-9; the draft is kept (:drafts)",
                                         isError: true))
        #expect(state.dialog == nil)
    }

    @Test func conflictOffersOverwriteReeditAndCancel() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let draft = try Self.draft()
        var theirs = Fixtures.movie(1)
        theirs["title"] = "Theirs"
        var mine = Fixtures.movie(1)
        mine["title"] = "Mine"
        let conflict = EditConflict(service: .data, id: "movie-0001", base: Fixtures.movie(1), current: theirs, proposed: mine)
        let commit = [Effect.request(state.nextRequest, .commitDraft(draft, document: mine, overwrite: false))]
        state.running[state.nextRequest] = RunningRequest(title: "writing", started: 0, purpose: .edit)
        state.nextRequest += 1
        _ = Self.answer(&state, commit, .conflict(draft, conflict))
        #expect(state.dialog == .conflict(draft: draft, conflict: conflict))

        var overwrite = state
        #expect(Fixtures.requests(update(&overwrite, .key(.char("o")))) == [.commitDraft(draft, document: mine, overwrite: true)])
        var reedit = state
        let rebase = update(&reedit, .key(.char("r")))
        #expect(Fixtures.requests(rebase) == [.rebaseDraft(draft, onto: conflict)])
        #expect(Self.editors(Self.answer(&reedit, rebase, .draft(draft))) == [EditorRun(draft: draft)])
        var cancel = state
        #expect(update(&cancel, .key(.char("c"))).isEmpty)
        #expect(cancel.dialog == nil && cancel.message?.text.contains("draft is kept") == true)
    }

    @Test func deleteAsksNamingTheIDThenWrites() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = update(&state, .key(.char("j")))
        #expect(update(&state, .key(.char("d"))).isEmpty)
        #expect(state.dialog == .confirmDelete([.dataDelete(id: "movie-0002")]))
        var declined = state
        #expect(update(&declined, .key(.esc)).isEmpty)
        #expect(declined.dialog == nil && declined.message?.text == "nothing deleted")
        let delete = update(&state, .key(.char("y")))
        #expect(Fixtures.requests(delete) == [.write([.dataDelete(id: "movie-0002")])])
    }

    @Test func deletingTheOpenDocumentDoesNotReloadIt() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = update(&state, .key(.enter))
        _ = update(&state, .key(.tab))
        _ = update(&state, .key(.char("d")))
        let delete = update(&state, .key(.char("y")))
        #expect(state.data.detail.title == "")
        let reload = EditUpdateTests.answer(&state, delete, .written(done: ["delete data movie-0001"], failures: []))
        #expect(!Fixtures.requests(reload).contains(.read(.dataDocument(id: "movie-0001"))))
        #expect(state.message?.text == "done: delete data movie-0001")
    }

    @Test func bulkDeleteOfTheSelectionAsksOnceWithTheCount() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char(" ")))
        #expect(state.data.selected == ["movie-0001", "movie-0002"])
        _ = update(&state, .key(.char("d")))
        #expect(state.dialog == .confirmDelete([.dataDelete(id: "movie-0001"), .dataDelete(id: "movie-0002")]))
        let delete = update(&state, .key(.char("y")))
        _ = Self.answer(&state, delete, .written(done: ["delete data movie-0001", "delete data movie-0002"], failures: []))
        #expect(state.message?.text == "done: 2 writes (delete data movie-0001; delete data movie-0002)")
        #expect(state.data.selected.isEmpty)
    }

    /// A batch that partly failed names what was written, then the first failure; one where
    /// nothing was written says only what failed.
    @Test func aPartlyFailedBatchSaysWhatWasWrittenAndWhatFailed() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char("d")))
        let delete = update(&state, .key(.char("y")))
        _ = Self.answer(&state, delete, .written(done: ["delete data movie-0001"], failures: ["delete data movie-0002: 404 not found"]))
        #expect(state.message == Message(text: "done: delete data movie-0001; 1 failed: delete data movie-0002: 404 not found", isError: true))
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char("d")))
        let again = update(&state, .key(.char("y")))
        _ = Self.answer(&state, again, .written(done: [], failures: ["delete data movie-0003: 500 boom"], warnings: ["journal full"]))
        #expect(state.message == Message(text: "1 failed: delete data movie-0003: 500 boom; warning: journal full", isError: true))
    }

    @Test func undoAndJournal() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        #expect(Fixtures.requests(update(&state, .key(.char("u")))) == [.undoLast])
        let journal = try Journal(path: FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).sqlite").path)
        let app = try AppKey(host: "127.0.0.1:6363", domain: "test")
        let first = try journal.begin(app: app, action: .delete, service: .data, target: "movie-0001", before: Fixtures.movie(1), after: nil)
        try journal.finish(first, outcome: .ok)
        let second = try journal.begin(app: app, action: .update, service: .data, target: "movie-0002", before: Fixtures.movie(2), after: Fixtures.movie(3))
        try journal.finish(second, outcome: .failed("503 unavailable"))
        let entries = try journal.list(app: app)
        var listing = state
        let read = update(&listing, .key(.char(":"))) + Fixtures.keys(&listing, "journal") + update(&listing, .key(.enter))
        _ = Self.answer(&listing, read, .journal(entries))
        #expect(listing.dialog == .journal(entries.map { [$0] }, cursor: 0))
        _ = update(&listing, .key(.char("j")))
        let undo = update(&listing, .key(.char("u")))
        #expect(Fixtures.requests(undo) == [.undo(entryID: first)])
        #expect(listing.dialog == nil)
    }

    /// The writes of one action are one journal row, in words; Enter shows its before and
    /// after, which scrolls, and Esc goes back to the row.
    @Test func journalRowsAreActionsInWordsAndEnterShowsBeforeAndAfter() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie), width: 80, height: 16)
        let journal = try Journal(path: FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).sqlite").path)
        let app = try AppKey(host: "127.0.0.1:6363", domain: "test")
        let cancel = try journal.begin(app: app, action: .queueCancel, service: .queue, target: "42", before: nil, after: nil)
        try journal.finish(cancel, outcome: .ok)
        let batch = try journal.newBatch()
        for n in 1...3 {
            let id = try journal.begin(app: app, action: .delete, service: .data, target: Fixtures.movie(n)["_id"]!.stringValue!,
                                       before: Fixtures.movie(n), after: nil, batch: batch)
            try journal.finish(id, outcome: .ok)
        }
        let read = update(&state, .key(.char(":"))) + Fixtures.keys(&state, "journal") + update(&state, .key(.enter))
        _ = Self.answer(&state, read, .journal(try journal.list(app: app)))
        guard case .journal(let rows, _)? = state.dialog else { Issue.record("no journal"); return }
        #expect(rows.count == 2)
        #expect(JournalEntry.summary(of: rows[0]) == "deleted 3 documents: movie-0001, movie-0002, movie-0003")
        #expect(JournalEntry.summary(of: rows[1]) == "cancelled job 42 in queue test")
        _ = update(&state, .key(.enter))
        guard case .journalEntry(_, row: 0, scroll: 0)? = state.dialog else { Issue.record("\(String(describing: state.dialog))"); return }
        let body = try #require(state.dialog).body(now: state.now).map { $0.runs.map(\.text).joined() }
        #expect(body.contains("before:") && body.contains("after: (none: it was removed)"))
        #expect(body.contains { $0.contains("\"title\": \"Title 2\"") })
        // It scrolls, and no further than its last line.
        for _ in 0..<200 { _ = update(&state, .key(.char("j"))) }
        #expect(state.dialog?.scroll == body.count - state.layout.dialogBodyRows)
        _ = update(&state, .key(.pageUp))
        #expect(state.dialog?.scroll == body.count - 2 * state.layout.dialogBodyRows)
        _ = update(&state, .key(.esc))
        #expect(state.dialog == .journal(rows, cursor: 0))
        let undo = update(&state, .key(.char("u")))
        #expect(Fixtures.requests(undo) == [.undo(entryID: rows[0][0].id)])
    }

    @Test func draftsListReopensAndDiscards() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        let one = try Self.draft(), two = try Self.draft("movie-0002", base: Fixtures.movie(2))
        state.dialog = .drafts([one, two], cursor: 0)
        _ = update(&state, .key(.char("j")))
        let discard = update(&state, .key(.char("x")))
        #expect(Fixtures.requests(discard) == [.discardDraft(two)])
        _ = Self.answer(&state, discard, .discarded(two))
        #expect(state.dialog == .drafts([one], cursor: 0))
        #expect(Self.editors(update(&state, .key(.enter))) == [EditorRun(draft: one)])
        #expect(state.dialog == nil)
    }

    @Test func readOnlyRefusesEveryWriteKeyAndSaysWhy() throws {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        state.connection = ConnectionInfo(label: "local", domain: "test", readOnlyReason: "--read-only")
        for key in ["e", "a", "d", "u"] {
            #expect(update(&state, .key(.char(Character(key)))).isEmpty)
            #expect(state.message?.text.hasPrefix("read-only connection (--read-only):") == true)
            #expect(state.dialog == nil)
        }
        state.dialog = .drafts([try Self.draft()], cursor: 0)
        #expect(update(&state, .key(.enter)).isEmpty)
        #expect(state.message?.isError == true)
    }

    @Test func editingIsOnlyForDocumentPanes() {
        var state = Fixtures.loaded((1...5).map(Fixtures.movie))
        _ = update(&state, .key(.char("5")))
        #expect(Fixtures.requests(update(&state, .key(.char("e")))).isEmpty)
        _ = update(&state, .key(.char("2")))
        #expect(update(&state, .key(.char("e"))).isEmpty)
        #expect(state.message?.text == "nothing to edit here")
    }

    /// In storage, `d` deletes the object under the cursor after a confirmation naming it (a
    /// folder is not deleted), and the pane is listed again after the write.
    @Test func storageDeleteAsksNamingTheObject() {
        var state = Fixtures.loaded([])
        let load = update(&state, .key(.char("4")))
        let objects = [StorageObject(name: "docs/a.txt", size: 5, modified: nil, contentType: "text/plain"),
                       StorageObject(name: "logo.png", size: 20, modified: nil, contentType: "image/png")]
        _ = update(&state, .response(Fixtures.requestIDs(load)[0], .page(.objects(objects))))
        #expect(update(&state, .key(.char("d"))).isEmpty)
        #expect(state.dialog == nil && state.message?.text == "nothing to delete here")
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.char("d")))
        #expect(state.dialog == .confirmDelete([.storageRemove(name: "logo.png")]))
        let delete = update(&state, .key(.char("y")))
        #expect(Fixtures.requests(delete) == [.write([.storageRemove(name: "logo.png")])])
        let reload = Self.answer(&state, delete, .written(done: ["delete storage logo.png"], failures: []))
        #expect(Fixtures.requests(reload) == [.read(.storageList(prefix: ""))])
    }
}
