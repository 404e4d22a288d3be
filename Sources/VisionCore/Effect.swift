import HyperJSON
import HyperModel
import HyperSession
import HyperStore

/// Identifies one request from the moment `update` asks for it until its answer arrives; answers
/// to requests that were cancelled or superseded are dropped.
public typealias RequestID = Int

/// I/O that `update` asks for, in the session's own terms: the reads it caches, the writes it
/// journals, the edits it keeps as drafts. The runtime's interpreter performs each (one
/// exhaustive `switch`) and answers with `Msg`s.
public enum Request: Sendable, Equatable {
    /// `GET /`: is the app there?
    case info
    /// A page: the cached answer at once, then the server's (stale-while-revalidate).
    case read(HyperRead)
    /// The queue pane: its READY and ERROR lists, read side by side.
    case queueListing
    /// Fetches a small object to show its text or JSON in the detail.
    case preview(name: String, maxBytes: Int64)
    case download(name: String, toPath: String)
    /// Journaled writes, one after the other (`d`, bulk `d`, `R`, `x`, `U`); an upload reports
    /// its progress.
    case write([WriteAction])
    // Edits, through the app's HyperSession (journaled, conflict-checked, drafts kept).
    /// `e`: fetch the document and write it to a new draft file.
    case beginEdit(EditTarget)
    /// `a`: a new draft from the service's template.
    case beginAdd(HyperService)
    /// The editor exited: what does the draft amount to?
    case reviewDraft(Draft)
    case commitDraft(Draft, document: JSON, overwrite: Bool)
    /// "Re-edit on top of the new version" after a conflict.
    case rebaseDraft(Draft, onto: EditConflict)
    case undoLast
    case undo(entryID: Int64)
    case journal
    case drafts
    case discardDraft(Draft)
    /// `:cache clear`: forget this app's cached pages.
    case clearCache
    /// `:find TEXT`: every cached document of the app matching the words.
    case find(String)
}

public enum Effect: Sendable, Equatable {
    case request(RequestID, Request)
    case cancel(RequestID)
    /// Copies `text`; `what` names it in the message that says where it went.
    case copy(text: String, what: String)
    case loadTheme(String)
    /// A saved connection's name or a connection string.
    case connect(String)
    case switchDomain(String)
    /// Mouse reporting on or off (`:mouse`).
    case setMouse(Bool)
    /// Suspends the screen, runs `$VISUAL`/`$EDITOR` on the draft file, resumes; answered by
    /// `Msg.editorClosed`. Runs on the UI thread: nothing else can use the terminal meanwhile.
    case openEditor(EditorRun)
    /// Asks the server at once whether it is back (`r` while offline), instead of waiting for
    /// the next background probe; a `connectivity` message answers when it is.
    case probeServer
    case quit
}

/// What a finished request brought back.
public enum Response: Sendable, Equatable {
    case info(JSON)
    /// A page read's answer, typed (`HyperRead.decode`).
    case page(ReadAnswer)
    /// An object's bytes decoded as text when they are UTF-8, else nil.
    case preview(text: String?, bytes: Int64, contentType: String?)
    /// A download landed at `path`.
    /// `kept`: the file the download was meant for, which existed and was left alone.
    case transferred(bytes: Int64, path: String, kept: String?)
    case jobs(ready: [JSON], errors: [JSON])
    /// A draft ready for the editor (new, or rebased after a conflict).
    case draft(Draft)
    case draftReview(Draft, DraftReview)
    /// Nothing written: the server's version changed since the edit began.
    case conflict(Draft, EditConflict)
    /// Writes the server accepted (their summaries), those it did not (messages), and what
    /// went wrong with local bookkeeping meanwhile (a write sent without its journal entry).
    case written(done: [String], failures: [String], warnings: [String] = [])
    /// An undo, in words (`undid deleted document movie-0003`); `complete` is false when some
    /// writes of the action could not be undone (the words say which).
    case undone(String, complete: Bool, warnings: [String] = [])
    case journal([JournalEntry])
    case drafts([Draft])
    case discarded(Draft)
    case cacheCleared
    case found(text: String, hits: [FindHit])
}

/// Everything that can happen to the browser: keys, time, terminal size, and workers' answers.
public enum Msg: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    case tick(Double)
    case response(RequestID, Response)
    /// The page cache's answer to a request that is still running (stale-while-revalidate): shown
    /// at once, `age` seconds old; the server's answer follows as `.response` or `.failed`.
    case cached(RequestID, Response, age: Double)
    /// The app became reachable or unreachable (the session's connectivity monitor).
    case connectivity(online: Bool)
    case failed(RequestID, ErrorInfo)
    case progress(RequestID, bytes: Int64, total: Int64?)
    case themeChanged(String)
    case connected(ConnectionInfo)
    case notice(String, isError: Bool)
    /// The editor exited; `edited` says whether it changed the file.
    case editorClosed(EditorRun, edited: Bool)
}

/// The app as the title bar shows it: never with its secret.
public struct ConnectionInfo: Sendable, Equatable {
    public var label: String
    public var domain: String
    public var readOnly: Bool
    /// Why writes are disabled (`--read-only`, `read_only = true` on the saved connection).
    public var readOnlyReason: String?
    public init(label: String, domain: String, readOnly: Bool = false, readOnlyReason: String? = nil) {
        self.label = label; self.domain = domain; self.readOnly = readOnly || readOnlyReason != nil
        self.readOnlyReason = readOnlyReason
    }
}

/// A click or wheel turn at a cell (only while `:mouse` is on).
public struct MouseEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case click, wheelUp, wheelDown }
    public let kind: Kind
    public let x: Int
    public let y: Int
    public init(_ kind: Kind, x: Int, y: Int) { self.kind = kind; self.x = x; self.y = y }
}
