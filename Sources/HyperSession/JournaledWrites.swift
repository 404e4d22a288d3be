import HyperClient
import HyperJSON
import HyperModel
import HyperStore

/// A write the server accepted.
public struct WriteReceipt: Sendable {
    /// The journal entry recording it (undo it with `undo(entryID:)`); nil when it was sent
    /// without one (the journal could not be used: `takeProblems()` says why).
    public let entryID: Int64?
    public let action: WriteAction
    /// The server's answer (`{ok, id}` for an add).
    public let answer: JSON
}

/// The server's document changed since the edit began: nothing was written.
public struct EditConflict: Sendable, Equatable {
    public let service: HyperService
    public let id: String
    /// The version the edit began from.
    public let base: JSON?
    /// The version the server has now; nil when it was deleted meanwhile.
    public let current: JSON?
    /// What the user wants to write.
    public let proposed: JSON
}

/// What an undo took back.
public struct UndoOutcome: Sendable {
    /// The entries taken back: one write, or the writes of one action (a bulk delete).
    public let undone: [JournalEntry]
    /// The undos, journaled like any write.
    public let receipts: [WriteReceipt]
    /// Entries of the action whose undo failed, with why.
    public let failures: [String]
    /// Newer writes passed over because they cannot be undone (`u` only), newest first.
    public let passedOver: [JournalEntry]

    /// `undid deleted document movie-0003 (passed over, as it cannot be undone: cancelled job 42 in queue q)`.
    public var summary: String {
        let skipped = passedOver.isEmpty ? "" : " (passed over, as it cannot be undone: \(passedOver.map(\.summary).joined(separator: "; ")))"
        let failed = failures.isEmpty ? "" : "; not undone: " + failures.joined(separator: "; ")
        return "undid " + JournalEntry.summary(of: undone) + skipped + failed
    }
}

public enum UpdateOutcome: Sendable {
    case written(WriteReceipt)
    /// Show both versions; then `write(...)` to overwrite, rebase the draft to re-edit on top of
    /// `current`, or drop it.
    case conflict(EditConflict)
}

extension AppSession {
    /// Journals and sends one write: refuses on a read-only or offline session; fetches the
    /// before image (the document as the server has it now) where the write has one; records
    /// the entry BEFORE sending; records the outcome; on success updates the cached pages that
    /// hold the document. An error answer or no answer throws after being recorded.
    /// `progress` follows a storage upload's bytes (the browser's progress bar); cancelling the
    /// calling task cancels the transfer, which is recorded as failed ("cancelled").
    /// Writes of one action (a bulk delete) pass the same `batch` (`newBatch()`): undo takes
    /// them back in one step.
    @discardableResult
    public func write(_ action: WriteAction, progress: ProgressHandler? = nil, batch: Int64? = nil) async throws(SessionError)
        -> WriteReceipt
    {
        try requireWritable()
        guard journalIfAvailable != nil else { return try await send(action, journal: nil, progress: progress) }
        let before: JSON? = if action.hasBeforeImage { try await currentDocument(action.service, id: action.target) } else { nil }
        return try await write(action, before: before, progress: progress, batch: batch)
    }

    /// `write` with the before image already read (`update` has just read it to compare).
    private func write(_ action: WriteAction, before: JSON?, progress: ProgressHandler? = nil, batch: Int64? = nil)
        async throws(SessionError) -> WriteReceipt
    {
        guard let (journal, app) = journalIfAvailable else {
            return try await send(action, journal: nil, progress: progress)
        }
        let entryID: Int64
        do {
            entryID = try journal.begin(app: app, action: action.journalAction, service: action.service,
                                        target: action.target, before: before, after: action.after, batch: batch)
        } catch {
            noteFailure(.journal, error, "\(action.summary) was sent without a journal entry and cannot be undone")
            return try await send(action, journal: nil, progress: progress)
        }
        return try await send(action, journal: (journal, entryID), progress: progress)
    }

    /// Replaces document `id` of the data, cache (value) or search service with `document`,
    /// unless the server's version differs from `base` (the version the edit began from; nil
    /// when it did not exist): then nothing is written and both versions come back. The version
    /// read to compare is the journal's before image (one read, not two). `ttl` is a cache key's.
    public func update(_ service: HyperService, id: String, document: JSON, base: JSON?, ttl: String? = nil)
        async throws(SessionError) -> UpdateOutcome
    {
        try requireWritable()
        let current = try await currentDocument(service, id: id)
        guard Self.sameDocument(current, base) else {
            return .conflict(EditConflict(service: service, id: id, base: base, current: current, proposed: document))
        }
        return .written(try await write(try Self.replacement(service, id: id, document: document, ttl: ttl), before: current))
    }

    /// A batch number for the writes of one action; nil without a journal (then nothing is
    /// journaled anyway, and `write` says so).
    public func newBatch() -> Int64? {
        guard let (journal, _) = journalIfAvailable else { return nil }
        do { return try journal.newBatch() } catch {
            noteFailure(.journal, error, "the writes of this action are journaled one by one (undo takes them back one at a time)")
            return nil
        }
    }

    /// Undoes the newest write of this app that can be undone (`u`), passing over newer ones
    /// that cannot (a queue cancel, a storage upload); a bulk action's writes all together.
    @discardableResult
    public func undoLast() async throws(SessionError) -> UndoOutcome {
        let (journal, app) = try requireJournal()
        let (candidate, passedOver) = try local { () throws(StoreError) in try journal.undoCandidate(app: app) }
        guard let entry = candidate else {
            let why = passedOver.first.flatMap { entry -> String? in
                guard case .impossible(let reason) = Journal.inverse(of: entry) else { return nil }
                return " (\(entry.summary) cannot be: \(reason))"
            } ?? ""
            throw .store(.notFound("nothing to undo: no write of this app made from this tool is left to undo" + why))
        }
        return try await undo(entry, in: journal, passedOver: passedOver)
    }

    /// Undoes journal entry `entryID` (`:journal`, `hyper-vision undo ID`), with the other
    /// writes of its action: puts the before image back (or removes what was added), journaled
    /// like any write.
    @discardableResult
    public func undo(entryID: Int64) async throws(SessionError) -> UndoOutcome {
        let (journal, app) = try requireJournal()
        guard let entry = try local({ () throws(StoreError) in try journal.entry(entryID) }) else {
            throw .store(.notFound("no journal entry \(entryID)"))
        }
        guard entry.app == app.id else {
            throw .store(.undoImpossible("entry \(entryID) was written to \(entry.app), not to this app"))
        }
        return try await undo(entry, in: journal)
    }

    /// This app's journal entries, newest first (`:journal`).
    public func journalEntries(limit: Int = 100) throws(SessionError) -> [JournalEntry] {
        let (journal, app) = try requireJournal()
        return try local { () throws(StoreError) in try journal.list(app: app, limit: limit) }
    }

    /// Journal entry `id` (of any app), or nil.
    public func journalEntry(_ id: Int64) throws(SessionError) -> JournalEntry? {
        let (journal, _) = try requireJournal()
        return try local { () throws(StoreError) in try journal.entry(id) }
    }

    // MARK: internals

    /// Undoes `entry` and the rest of its action, newest first, the undos sharing a batch of
    /// their own. One that fails does not stop the others; when none is undone, the first
    /// failure is thrown.
    private func undo(_ entry: JournalEntry, in journal: Journal, passedOver: [JournalEntry] = []) async throws(SessionError)
        -> UndoOutcome
    {
        try requireWritable()
        let unit = try local { () throws(StoreError) in try journal.undoUnit(of: entry) }
        let batch = unit.count > 1 ? newBatch() : nil
        var undone: [JournalEntry] = [], receipts: [WriteReceipt] = [], failures: [String] = []
        var firstError: SessionError?
        for member in unit {
            do throws(SessionError) {
                receipts.append(try await undoOne(member, in: journal, batch: batch))
                undone.append(member)
            } catch {
                firstError = firstError ?? error
                failures.append("\(member.summary): \(error.description)")
                if error.isOffline { break }
            }
        }
        if undone.isEmpty, let firstError { throw firstError }
        return UndoOutcome(undone: undone, receipts: receipts, failures: failures, passedOver: passedOver)
    }

    private func undoOne(_ entry: JournalEntry, in journal: Journal, batch: Int64?) async throws(SessionError) -> WriteReceipt {
        let plan = try local { () throws(StoreError) in try journal.undoPlan(for: entry) }
        guard let action = WriteAction(undo: plan) else {
            if case .impossible(let reason) = plan { throw .store(.undoImpossible(reason)) }
            throw .store(.undoImpossible("entry \(entry.id) cannot be undone from this tool"))
        }
        let begun = try local { () throws(StoreError) in try journal.beginUndo(of: entry, batch: batch) }
        return try await send(action, journal: (journal, begun.entryID))
    }

    /// Sends a write recorded as `journal`'s entry (nil: not journaled), then records its
    /// outcome. Bookkeeping that fails once the server has answered is noted as a problem,
    /// never reported as the write's failure: the server's answer is the truth.
    private func send(_ action: WriteAction, journal entry: (journal: Journal, id: Int64)?,
                      progress: ProgressHandler? = nil) async throws(SessionError) -> WriteReceipt {
        let answer: JSON
        do {
            answer = try await call { () async throws(HyperError) in try await action.send(with: client, progress: progress) }
        } catch {
            if let entry { record(.failed(error.description), of: entry) }
            throw error
        }
        if let entry { record(.ok, of: entry) }
        if action.changesCachedDocument, let (cache, app) = cache {
            // The write happened; a cache that cannot follow only shows an older page until the
            // next refresh.
            do {
                _ = try cache.applyWrite(app: app, service: action.service, id: action.target, newDocument: action.after)
            } catch {
                noteFailure(.pageCache, error, "cached pages may show \(action.target) as it was until they are refreshed")
            }
        }
        return WriteReceipt(entryID: entry?.id, action: action, answer: answer)
    }

    private func record(_ outcome: JournalOutcome, of entry: (journal: Journal, id: Int64)) {
        do { try entry.journal.finish(entry.id, outcome: outcome) } catch {
            noteFailure(.journal, error, "journal entry \(entry.id) keeps no outcome (the server answered: \(outcome))")
        }
    }

    /// Refuses when this session may not write (read-only, or `--offline`).
    public func requireWritable() throws(SessionError) {
        if let readOnlyReason { throw .readOnly(reason: readOnlyReason) }
        if offlineMode { throw .offlineMode }
    }

    /// The document as the server has it now (for the cache: the value; for search: the doc);
    /// nil when it does not exist.
    public func currentDocument(_ service: HyperService, id: String) async throws(SessionError) -> JSON? {
        let request: HyperRead
        switch service {
        case .data: request = .dataDocument(id: id)
        case .cache: request = .cacheValue(key: id)
        case .search: request = .searchDocument(key: id)
        case .queue, .storage: return nil
        }
        do {
            let answer = try await call { () async throws(HyperError) in try await client.read(request) }
            guard case .document(let document) = request.decode(answer) else { return nil }
            return document
        } catch {
            if case .server(let hyper) = error, hyper.status == 404 { return nil }
            throw error
        }
    }

    /// Document `id` of `service` as the server has it now; a 404 when there is none.
    public func existingDocument(_ service: HyperService, id: String) async throws(SessionError) -> JSON {
        guard let current = try await currentDocument(service, id: id) else {
            let what = switch service {
            case .data: "document"
            case .cache: "cache key"
            case .search: "search document"
            case .queue, .storage: service.rawValue
            }
            throw .server(.hyper(status: 404, msg: "\(what) \(id) does not exist",
                                 body: ["ok": false, "status": 404]))
        }
        return current
    }

    /// The write that replaces document `id` of `service` (data, cache, search); `ttl` is a
    /// cache key's. A data document whose `_id` is not `id` is refused: hyper cannot rename a
    /// document (its Mongo adapter refuses to change `_id`, nano keeps the old one), so the write
    /// would not do what it says.
    public static func replacement(_ service: HyperService, id: String, document: JSON, ttl: String? = nil) throws(SessionError) -> WriteAction {
        switch service {
        case .data:
            if let given = document["_id"], given != .string(id) {
                throw .invalidDocument("the document's _id is \(given.compact), not \(JSON.string(id).compact): "
                    + "hyper cannot rename a document (add it under the new _id, then remove \(id))")
            }
            return .dataUpdate(id: id, document: document)
        case .cache: return .cacheSet(key: id, value: document, ttl: ttl)
        case .search: return .searchUpdate(key: id, document: document)
        case .queue, .storage: throw .invalidDocument("\(service.rawValue) entries cannot be edited")
        }
    }

    /// Equal as documents: key order and number spelling are not changes.
    static func sameDocument(_ a: JSON?, _ b: JSON?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): JSONDiff.changes(from: a, to: b).isEmpty
        default: false
        }
    }
}
