import HyperModel
import HyperJSON
import HyperSession
import HyperStore

/// One run of `$VISUAL`/`$EDITOR` on a draft file. The terminal layer only reads `path`; the
/// rest comes back with `Msg.editorClosed` so `update` knows what the edit was for.
public struct EditorRun: Sendable, Equatable {
    public let draft: Draft
    /// This run reopens a draft whose text was not JSON (the file starts with the error
    /// header): if the editor leaves it untouched, the user gave up and the draft is kept.
    public let afterInvalid: Bool
    public init(draft: Draft, afterInvalid: Bool = false) { self.draft = draft; self.afterInvalid = afterInvalid }
    public var path: String { draft.textPath }
}

/// A box over the panes that waits for the user's answer (write? delete? which journal entry?).
public enum Dialog: Sendable, Equatable {
    /// The draft's change as a compact diff: `y` writes it.
    case confirmWrite(draft: Draft, document: JSON, diff: [String])
    /// The server's version changed since the edit began: its three versions field by field
    /// (scrolled by `scroll` lines); overwrite, re-edit on top, or cancel.
    case conflict(draft: Draft, conflict: EditConflict, scroll: Int = 0)
    /// `d`: the removals to send after `y`, one per selected entry.
    case confirmDelete([WriteAction])
    /// `x` in the queue: the jobs to cancel after `y` (cancelling cannot be undone).
    case confirmCancel([String])
    /// `U` onto the name of an object the listing shows: `y` uploads `path` over `existing`
    /// (its bytes are not kept).
    case confirmReplace(existing: StorageObject, path: String)
    /// `:journal`: the app's writes, newest first, one row per action (a bulk delete's writes
    /// together); `u` undoes the row under the cursor, Enter shows its before and after.
    case journal([[JournalEntry]], cursor: Int)
    /// Enter on a journal row: its writes' before and after (scrolled by `scroll` lines); Esc
    /// goes back to the journal.
    case journalEntry([[JournalEntry]], row: Int, scroll: Int = 0)
    /// `:drafts`: edits not written yet; Enter reopens one, `x` discards it.
    case drafts([Draft], cursor: Int)
    /// `:find`: cached documents matching `text`; Enter jumps to one.
    case found(text: String, hits: [FindHit], cursor: Int)

    /// Its context in the command table (its keys).
    public var kind: DialogKind {
        switch self {
        case .confirmWrite: .confirmWrite
        case .conflict: .conflict
        case .confirmDelete: .confirmDelete
        case .confirmCancel: .confirmCancel
        case .confirmReplace: .confirmReplace
        case .journal: .journal
        case .journalEntry: .journalEntry
        case .drafts: .drafts
        case .found: .found
        }
    }

    /// The row under the cursor of a list dialog, and how many rows it has.
    var cursor: (index: Int, count: Int)? {
        switch self {
        case .journal(let rows, let cursor): (cursor, rows.count)
        case .drafts(let drafts, let cursor): (cursor, drafts.count)
        case .found(_, let hits, let cursor): (cursor, hits.count)
        case .confirmWrite, .conflict, .confirmDelete, .confirmCancel, .confirmReplace, .journalEntry: nil
        }
    }

    /// The same list dialog with the cursor on row `index`.
    func moving(to index: Int) -> Dialog {
        switch self {
        case .journal(let rows, _): .journal(rows, cursor: index)
        case .drafts(let drafts, _): .drafts(drafts, cursor: index)
        case .found(let text, let hits, _): .found(text: text, hits: hits, cursor: index)
        case .confirmWrite, .conflict, .confirmDelete, .confirmCancel, .confirmReplace, .journalEntry: self
        }
    }

    /// How far a dialog that scrolls its text is scrolled; nil for the others.
    public var scroll: Int? {
        switch self {
        case .conflict(_, _, let scroll), .journalEntry(_, _, let scroll): scroll
        default: nil
        }
    }

    /// The same scrolling dialog scrolled to `offset`.
    func scrolled(to offset: Int) -> Dialog {
        switch self {
        case .conflict(let draft, let conflict, _): .conflict(draft: draft, conflict: conflict, scroll: offset)
        case .journalEntry(let rows, let row, _): .journalEntry(rows, row: row, scroll: offset)
        default: self
        }
    }
}

/// The item an edit or delete is about: its service and id (document `_id`, cache or search key).
public struct EditTarget: Sendable, Equatable {
    public let service: HyperService
    public let id: String
    public init(service: HyperService, id: String) { self.service = service; self.id = id }
}

extension WriteAction {
    /// The removal of one document of an editable service, or of a storage object.
    public static func removal(_ target: EditTarget) -> WriteAction? {
        switch target.service {
        case .data: .dataDelete(id: target.id)
        case .cache: .cacheRemove(key: target.id)
        case .search: .searchRemove(key: target.id)
        case .storage: .storageRemove(name: target.id)
        case .queue: nil
        }
    }
}
