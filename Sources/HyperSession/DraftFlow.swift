import HyperClient
import HyperJSON
import HyperModel
import HyperStore

/// What the user's draft amounts to once the editor exits.
public enum DraftReview: Sendable, Equatable {
    /// Means the same as before: nothing to write (the draft can be discarded).
    case unchanged
    /// Not JSON. The draft file now holds the user's text below a header naming the error:
    /// reopen the editor on `draft.textPath`. `message` is for the status line.
    case invalid(message: String)
    /// The `_id` was changed: refused (the draft stays, with a note).
    case idChanged(from: String, to: String?)
    /// A change to confirm: `diff` lines (`+ a: 1`, `- b`, `~ c: 1 → 2`), then `commitDraft`.
    case changed(document: JSON, diff: [String])
}

/// The result of committing a draft.
public enum CommitOutcome: Sendable {
    case written(WriteReceipt)
    /// The server's version changed since the edit began; the draft stays. Offer: overwrite
    /// (`commitDraft(..., overwrite: true)`), re-edit on top (`rebaseDraft`), or cancel.
    case conflict(EditConflict)
}

extension AppSession {
    /// `e`: fetches the document as the server has it and writes it as pretty JSON to a new
    /// 0600 draft file; open `textPath` in the editor.
    public func beginEdit(_ service: HyperService, id: String) async throws(SessionError) -> Draft {
        try requireWritable()
        _ = try Self.replacement(service, id: id, document: .null)   // refuses queue/storage early
        let (drafts, app) = try requireDrafts()
        let current = try await existingDocument(service, id: id)
        return try local { () throws(StoreError) in
            try drafts.create(app: app, service: service, documentID: id, base: current)
        }
    }

    /// `a`: a draft of a new document from the service's template.
    public func beginAdd(_ service: HyperService) throws(SessionError) -> Draft {
        try requireWritable()
        guard let template = DocumentTemplates.template(for: service) else {
            throw .invalidDocument("\(service.rawValue) entries are not added from the editor")
        }
        let (drafts, app) = try requireDrafts()
        return try local { () throws(StoreError) in
            try drafts.create(app: app, service: service, documentID: nil, base: nil, template: template)
        }
    }

    /// Reads what the editor left and says what to do next (see `DraftReview`).
    public func evaluateDraft(_ draft: Draft) throws(SessionError) -> DraftReview {
        let (drafts, _) = try requireDrafts()
        let text = try local { () throws(StoreError) in try drafts.text(of: draft) }
        switch Drafts.evaluate(text: text, draft: draft) {
        case .unchanged:
            return .unchanged
        case .invalid(let error):
            try local { () throws(StoreError) in
                try drafts.save(text: DraftText.withErrorHeader(text, error: error), to: draft)
            }
            return .invalid(message: "invalid JSON: \(error.description)")
        case .idChanged(let from, let to):
            note("refused: the _id was changed from \(from)", on: draft, in: drafts)
            return .idChanged(from: from, to: to)
        case .changed(let document):
            return .changed(document: document, diff: JSONDiff.lines(from: draft.base ?? draft.initial, to: document))
        }
    }

    /// Writes the draft's `document` (from `.changed`): adds a new document, or updates with the
    /// conflict check against the draft's base (skipped with `overwrite`, the user's choice after
    /// seeing a conflict). Written drafts leave the folder; a draft that was not written stays,
    /// with a note saying why.
    public func commitDraft(_ draft: Draft, document: JSON, overwrite: Bool = false) async throws(SessionError)
        -> CommitOutcome
    {
        let service = draft.service
        let (drafts, _) = try requireDrafts()
        do {
            let receipt: WriteReceipt
            if let id = draft.documentID {
                if overwrite {
                    receipt = try await write(try Self.replacement(service, id: id, document: document))
                } else {
                    switch try await update(service, id: id, document: document, base: draft.base) {
                    case .written(let written): receipt = written
                    case .conflict(let conflict):
                        note("conflict: changed on the server since the edit began", on: draft, in: drafts)
                        return .conflict(conflict)
                    }
                }
            } else {
                receipt = try await write(try DocumentTemplates.addition(service, document: document))
            }
            do { try drafts.markWritten(draft) } catch {
                noteFailure(.drafts, error, "the draft of \(receipt.action.summary) stays in the folder although it was written")
            }
            return .written(receipt)
        } catch {
            note("not written: \(error.description)", on: draft, in: drafts)
            throw error
        }
    }

    /// "Re-edit on top of the new version": the user's changes (from the base the edit began
    /// from to `proposed`) are merged onto the server's `current` version field by field, so
    /// the other writer's changes are kept; fields both changed take the user's value and are
    /// named in the draft's header. The draft's base becomes `current` (the next commit checks
    /// against it).
    public func rebaseDraft(_ draft: Draft, onto conflict: EditConflict) throws(SessionError) -> Draft {
        guard let current = conflict.current else {
            throw .invalidDocument("\(conflict.service.rawValue) \(conflict.id) was deleted on the server; overwrite re-creates it")
        }
        let (drafts, _) = try requireDrafts()
        let merged = JSONMerge.merge(base: conflict.base, theirs: current, yours: conflict.proposed)
        let text = DraftText.withMergeHeader(merged.document.pretty() + "\n", bothChanged: merged.bothChanged)
        return try local { () throws(StoreError) in try drafts.rebase(draft, onto: current, text: text) }
    }

    /// Drafts of this app waiting to be written, oldest first (`:drafts`, and the start notice).
    public func pendingDrafts() throws(SessionError) -> [Draft] {
        let (drafts, app) = try requireDrafts()
        return try local { () throws(StoreError) in try drafts.list(app: app) }
    }

    /// Text files of drafts whose metadata cannot be read (edited by hand, or cut short): never
    /// deleted, and named so that what was typed can be recovered.
    public func damagedDrafts() throws(SessionError) -> [String] {
        let (drafts, _) = try requireDrafts()
        return try local { () throws(StoreError) in try drafts.damaged() }
    }

    /// What the browser says at start about edits from earlier runs: drafts waiting to be
    /// written, and damaged drafts by file name; nil when there are none (or no drafts folder,
    /// which is said as a problem of its own).
    public var waitingDraftsNotice: String? {
        var parts: [String] = []
        if let count = try? pendingDrafts().count, count > 0 {
            parts.append(count == 1 ? "1 draft waiting: :drafts reopens or discards it"
                         : "\(count) drafts waiting: :drafts reopens or discards them")
        }
        if let damaged = try? damagedDrafts(), !damaged.isEmpty {
            parts.append("damaged draft\(damaged.count == 1 ? "" : "s") kept as typed: " + damaged.joined(separator: ", "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    public func discardDraft(_ draft: Draft) throws(SessionError) {
        let (drafts, _) = try requireDrafts()
        try local { () throws(StoreError) in try drafts.discard(draft) }
    }

    /// Records on the draft why it is still waiting; a note that cannot be written is said
    /// once (the draft itself is still there).
    private func note(_ text: String, on draft: Draft, in drafts: Drafts) {
        do { try drafts.setNote(text, for: draft) } catch {
            noteFailure(.drafts, error, "a waiting draft keeps no note of why it was not written")
        }
    }
}
