import HyperModel
import HyperJSON
import HyperSession
import HyperStore

/// Edits, deletes, undo, the journal and drafts: each step asks the app's session (a request)
/// or the user (a dialog); nothing is written without a `y`, and a draft not written stays.
extension AppState {
    /// The selected document of an editable pane.
    var editTarget: EditTarget? {
        guard pane.editableService != nil else { return nil }
        return selectedTarget
    }

    /// Runs the edit commands (`e`, `a`, `d`, `u`, `:journal`, `:drafts`).
    mutating func runEdit(_ id: CommandID) -> [Effect] {
        switch id {
        case .edit:
            guard let target = editTarget else { say("nothing to edit here", error: true); return [] }
            return [begin(.beginEdit(target), "opening \(target.id) for editing", .edit)]
        case .add:
            guard let service = pane.editableService else { return [] }
            return [begin(.beginAdd(service), "new \(service.rawValue) entry", .edit)]
        case .delete:
            let removals = deletionTargets.compactMap(WriteAction.removal)
            guard !removals.isEmpty else { say("nothing to delete here", error: true); return [] }
            dialog = .confirmDelete(removals)
            return []
        case .undo:
            return [begin(.undoLast, "undoing the last write", .edit)]
        case .journal:
            return [begin(.journal, "reading the journal", .edit)]
        case .drafts:
            return [begin(.drafts, "reading the drafts", .edit)]
        default:
            return []
        }
    }

    /// The selection of the pane, else the selected item (in storage: the object).
    var deletionTargets: [EditTarget] {
        let selected = self[pane].selection
        if let service = pane.editableService, !selected.isEmpty {
            return selected.sorted().map { EditTarget(service: service, id: $0) }
        }
        return selectedTarget.map { [$0] } ?? []
    }

    /// The editor exited.
    mutating func editorClosed(_ run: EditorRun, edited: Bool) -> [Effect] {
        if run.afterInvalid && !edited {
            say("invalid JSON kept as a draft (:drafts reopens it)", error: true)
            return []
        }
        return [begin(.reviewDraft(run.draft), "reading the edit", .edit)]
    }

    /// Answers of the edit requests.
    mutating func applyEdit(_ response: Response) -> [Effect] {
        switch response {
        case .draft(let draft):
            return [.openEditor(EditorRun(draft: draft))]
        case .draftReview(let draft, let review):
            switch review {
            case .unchanged:
                say("no changes")
                return [begin(.discardDraft(draft), "discarding the draft", .edit)]
            case .invalid(let message):
                say(message, error: true)
                return [.openEditor(EditorRun(draft: draft, afterInvalid: true))]
            case .idChanged(let from, let to):
                say("refused: the _id was changed from \(from) to \(to ?? "nothing"); the draft is kept (:drafts)", error: true)
                return []
            case .changed(let document, let diff):
                // An error said of an earlier attempt (invalid JSON) is not left under the
                // question about this one.
                if message?.isError == true { message = nil }
                dialog = .confirmWrite(draft: draft, document: document, diff: diff)
                return []
            }
        case .conflict(let draft, let conflict):
            dialog = .conflict(draft: draft, conflict: conflict)
            return []
        case .written(let done, let failures, let warnings):
            selectionCleared()
            sayWritten(done: done, failures: failures, warnings: warnings)
            return reloadAfterWrite()
        case .undone(let summary, let complete, let warnings):
            say(summary + Self.warningSuffix(warnings), error: !complete || !warnings.isEmpty)
            return reloadAfterWrite()
        case .journal(let entries):
            guard !entries.isEmpty else { say("no writes of this app made from this tool yet"); return [] }
            dialog = .journal(JournalEntry.grouped(entries), cursor: 0)
            return []
        case .drafts(let drafts):
            guard !drafts.isEmpty else { say("no drafts waiting"); dialog = nil; return [] }
            dialog = .drafts(drafts, cursor: 0)
            return []
        case .found(let text, let hits):
            guard !hits.isEmpty else { say("no cached document matches \(text)"); return [] }
            dialog = .found(text: text, hits: hits, cursor: 0)
            return []
        case .cacheCleared:
            cachedAt = [:]
            say("the page cache of this app is cleared")
            return []
        case .discarded(let draft):
            if case .drafts(var drafts, let cursor) = dialog {
                drafts.removeAll { $0.id == draft.id }
                dialog = drafts.isEmpty ? nil : .drafts(drafts, cursor: min(cursor, drafts.count - 1))
                say("draft discarded")
            }
            return []
        default:
            return []
        }
    }

    /// Keys while a dialog is open: only its own (the command table's dialog context), `?` for
    /// them, and Ctrl-C count.
    mutating func dialogKey(_ key: Key) -> [Effect] {
        guard let current = dialog else { return [] }
        if key == .ctrl("c") { dialog = nil; return run(.quit, argument: nil) }
        if key == .char("?") { helpTop = 0; return [] }
        guard case .command(let id) = CommandTable.match([key], dialog: current.kind) else { return [] }
        if let refusal = refusal(of: id) { return refusal }
        return runDialog(id, current)
    }

    /// A dialog's command, on the dialog it was pressed in.
    mutating func runDialog(_ id: CommandID, _ current: Dialog) -> [Effect] {
        switch (id, current) {
        case (.writeDraft, .confirmWrite(let draft, let document, _)):
            dialog = nil
            return [begin(.commitDraft(draft, document: document, overwrite: false), "writing \(Self.draftName(draft))", .commit)]
        case (.overwrite, .conflict(let draft, let conflict, _)):
            dialog = nil
            return [begin(.commitDraft(draft, document: conflict.proposed, overwrite: true), "overwriting \(conflict.id)", .commit)]
        case (.reEdit, .conflict(let draft, let conflict, _)):
            dialog = nil
            return [begin(.rebaseDraft(draft, onto: conflict), "re-editing on the new version", .edit)]
        case (.keepDraft, _), (.cancelConflict, _):
            dialog = nil
            say("not written: the draft is kept (:drafts reopens it)")
        case (.confirmDelete, .confirmDelete(let removals)):
            dialog = nil
            // The open document is going: reloading it after the write would only say 404.
            if removals.contains(where: { $0.target == detail.item }) {
                detail.show(.empty(removals[0].service == .storage ? "deleted" : "deleted (u undoes it)"), title: "")
            }
            let title = removals.count == 1 ? removals[0].summary : "deleting \(removals.count) entries"
            return [begin(.write(removals), title, .edit)]
        case (.keepDocuments, _):
            dialog = nil
            say("nothing deleted")
        case (.confirmCancel, .confirmCancel(let ids)):
            dialog = nil
            return cancelJobs(ids)
        case (.keepJobs, _):
            dialog = nil
            say("nothing cancelled")
        case (.confirmReplace, .confirmReplace(let existing, let path)):
            dialog = nil
            return upload(path, as: existing.name)
        case (.keepObject, .confirmReplace(let existing, _)):
            dialog = nil
            say("nothing uploaded: \(existing.name) is as it was")
        case (.dialogDown, _), (.dialogUp, _), (.dialogPageDown, _), (.dialogPageUp, _):
            let step = id == .dialogDown || id == .dialogUp ? 1 : layout.dialogBodyRows
            let delta = id == .dialogDown || id == .dialogPageDown ? step : -step
            if let scroll = current.scroll {
                let lines = current.body(now: now).count
                dialog = current.scrolled(to: max(0, min(lines - layout.dialogBodyRows, scroll + delta)))
            } else if let (index, count) = current.cursor {
                dialog = current.moving(to: max(0, min(count - 1, index + delta)))
            }
        case (.showEntry, .journal(let rows, let cursor)):
            dialog = .journalEntry(rows, row: cursor)
        case (.backToJournal, .journalEntry(let rows, let row, _)):
            dialog = .journal(rows, cursor: row)
        case (.undoEntry, .journal(let rows, let row)), (.undoEntry, .journalEntry(let rows, let row, _)):
            dialog = nil
            let entry = rows[row][0]
            return [begin(.undo(entryID: entry.id), "undoing \(JournalEntry.summary(of: rows[row]))", .edit)]
        case (.reopenDraft, .drafts(let drafts, let cursor)):
            dialog = nil
            return [.openEditor(EditorRun(draft: drafts[cursor]))]
        case (.discardDraft, .drafts(let drafts, let cursor)):
            return [begin(.discardDraft(drafts[cursor]), "discarding the draft", .edit)]
        case (.openHit, .found(_, let hits, let cursor)):
            return jump(to: hits[cursor])
        case (.closeDialog, _):
            dialog = nil
        default:
            break
        }
        return []
    }

    /// Enter on a `:find` hit: its pane, the cursor on it when it is in the list, and the
    /// document in the detail (from the page cache at once, then the server).
    mutating func jump(to hit: FindHit) -> [Effect] {
        dialog = nil
        let target = Pane(service: hit.service)
        var effects = switchPane(target)
        guard let shown = target.model.show(&self, hit) else {
            say("\(hit.service.rawValue) \(hit.id): \(hit.title)")
            return effects
        }
        effects += shown
        focus = .detail
        return effects
    }

    /// Why `id` cannot run now, or nil: the one place the browser decides that a command is
    /// disabled (a write on a read-only connection, whose reason comes with the connection).
    public func disabledReason(_ id: CommandID) -> String? {
        guard CommandTable.command(id).writes, connection.readOnly else { return nil }
        return "read-only connection" + (connection.readOnlyReason.map { " (\($0))" } ?? "")
    }

    /// Says why `id` is disabled and does nothing, when it is.
    mutating func refusal(of id: CommandID) -> [Effect]? {
        guard let reason = disabledReason(id) else { return nil }
        let command = CommandTable.command(id)
        let what = command.name ?? (command.dialogs == nil ? command.title.lowercased() : "\(command.keyLabel) (\(command.title))")
        say("\(reason): \(what) is disabled", error: true)
        return []
    }

    /// `new data entry` or `data movie-0001`.
    static func draftName(_ draft: Draft) -> String {
        "\(draft.service.rawValue) \(draft.documentID ?? "entry")"
    }

    /// After a write: reload the pane where the cursor was, and the open document if any.
    mutating func reloadAfterWrite() -> [Effect] { pane.model.reload(&self) }

    // MARK: selection (Space) in every list that has bulk actions

    public func selection(of pane: Pane) -> Set<String> { self[pane].selection }

    /// Space: marks or unmarks the item under the cursor and moves down.
    mutating func toggleSelection() -> [Effect] {
        guard let id = self[pane].itemID(at: listCursor.index) else { return [] }
        if self[pane].selection.contains(id) { self[pane].selection.remove(id) } else { self[pane].selection.insert(id) }
        return move(by: 1)
    }

    mutating func selectionCleared() {
        self[pane].selection = []
    }
}
