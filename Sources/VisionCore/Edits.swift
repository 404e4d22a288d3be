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
    /// The server's version changed since the edit began: overwrite, re-edit on top, or cancel.
    case conflict(draft: Draft, conflict: EditConflict)
    /// `d`: the removals to send after `y`, one per selected entry.
    case confirmDelete([WriteAction])
    /// `:journal`: the app's writes, newest first; `u` undoes the one under the cursor.
    case journal([JournalEntry], cursor: Int)
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
        case .journal: .journal
        case .drafts: .drafts
        case .found: .found
        }
    }

    /// The row under the cursor of a list dialog, and how many rows it has.
    var cursor: (index: Int, count: Int)? {
        switch self {
        case .journal(let entries, let cursor): (cursor, entries.count)
        case .drafts(let drafts, let cursor): (cursor, drafts.count)
        case .found(_, let hits, let cursor): (cursor, hits.count)
        case .confirmWrite, .conflict, .confirmDelete: nil
        }
    }

    /// The same list dialog with the cursor on row `index`.
    func moving(to index: Int) -> Dialog {
        switch self {
        case .journal(let entries, _): .journal(entries, cursor: index)
        case .drafts(let drafts, _): .drafts(drafts, cursor: index)
        case .found(let text, let hits, _): .found(text: text, hits: hits, cursor: index)
        case .confirmWrite, .conflict, .confirmDelete: self
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
