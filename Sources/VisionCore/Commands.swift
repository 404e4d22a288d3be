/// Every action of the browser. One table (`CommandTable.all`) gives each its keys, palette name,
/// help text, where it applies and whether it writes; key maps, the `:` palette and `?` help are
/// all generated from it, so they cannot disagree.
public enum CommandID: String, Sendable, CaseIterable {
    case paneData, paneCache, paneSearch, paneStorage, paneQueue
    case focusNext, focusPrevious
    case down, up, top, bottom, pageDown, pageUp, halfDown, halfUp
    case open, back, toggle, foldAll, unfoldAll, expand, collapse, scrollLeft, scrollRight
    case query, palette, help, refresh, copyID, copyValue, copyField, copyPath, quit
    case columns, layout, domain, theme, connect, setQuery, searchFields, searchFilter, mouse
    case download, upload, openPath
    case toggleStatus, retry, cancelJob, select, watch
    case edit, add, delete, undo, journal, drafts, find
    // The dialogs' own keys.
    case writeDraft, keepDraft, overwrite, reEdit, cancelConflict, confirmDelete, keepDocuments, confirmCancel, keepJobs
    case confirmReplace, keepObject
    case dialogDown, dialogUp, dialogPageDown, dialogPageUp, closeDialog, undoEntry, showEntry, backToJournal
    case reopenDraft, discardDraft, openHit
}

/// The dialogs, as contexts of the command table: while one is open only its keys count.
public enum DialogKind: Sendable, Hashable, CaseIterable {
    case confirmWrite, conflict, confirmDelete, confirmCancel, confirmReplace, journal, journalEntry, drafts, found

    public var title: String {
        switch self {
        case .confirmWrite: "Write a draft"
        case .conflict: "Conflict"
        case .confirmDelete: "Delete"
        case .confirmCancel: "Cancel jobs"
        case .confirmReplace: "Replace an object"
        case .journal: "Journal"
        case .journalEntry: "Journal entry"
        case .drafts: "Drafts"
        case .found: "Find"
        }
    }
}

/// What a command's argument is completed from in the palette.
public enum ArgumentKind: Sendable, Equatable {
    case none
    /// Free text; the value is its syntax as help shows it (`FIELD,FIELD`).
    case text(String)
    case domain, theme, connection

    /// The argument as help writes it after the command's name (`:theme NAME`).
    public var syntax: String {
        switch self {
        case .none: ""
        case .text(let syntax): syntax
        case .domain, .theme: "NAME"
        case .connection: "NAME|URL"
        }
    }
}

public struct Command: Sendable {
    public let id: CommandID
    /// Palette name (`:refresh`); nil for commands that only make sense as keys.
    public let name: String?
    public let title: String
    public let keys: [[Key]]
    /// Panes it applies to; nil means everywhere.
    public let panes: Set<Pane>?
    /// Focus it applies to; nil means either.
    public let focus: Focus?
    /// Writes to the server: refused on a read-only connection (see `AppState.disabledReason`).
    public let writes: Bool
    public let argument: ArgumentKind
    /// The dialogs whose key it is; nil for the commands of the panes.
    public let dialogs: Set<DialogKind>?

    init(_ id: CommandID, _ name: String?, _ title: String, keys: [[Key]] = [], panes: Set<Pane>? = nil,
         focus: Focus? = nil, writes: Bool = false, argument: ArgumentKind = .none, dialogs: Set<DialogKind>? = nil) {
        self.id = id; self.name = name; self.title = title; self.keys = keys; self.panes = panes
        self.focus = focus; self.writes = writes; self.argument = argument; self.dialogs = dialogs
    }

    public func applies(pane: Pane, focus current: Focus) -> Bool {
        dialogs == nil && (panes?.contains(pane) ?? true) && (focus.map { $0 == current } ?? true)
    }

    /// Keys as help shows them: `j ↓`, `z M`.
    public var keyLabel: String {
        keys.map { $0.map(\.label).joined() }.joined(separator: " ")
    }
}

public enum CommandTable {
    private static func k(_ s: String) -> [Key] { s.map { Key.char($0) } }
    /// Panes whose documents can be added, edited and deleted.
    private static let editable: Set<Pane> = [.data, .cache, .search]

    public static let all: [Command] = [
        Command(.paneData, "data", "Data pane", keys: [k("1")]),
        Command(.paneCache, "cache", "Cache pane (:cache clear forgets cached pages)", keys: [k("2")], argument: .text("[clear]")),
        Command(.paneSearch, "search", "Search pane", keys: [k("3")]),
        Command(.paneStorage, "storage", "Storage pane", keys: [k("4")]),
        Command(.paneQueue, "queue", "Queue pane", keys: [k("5")]),
        Command(.focusNext, nil, "Focus list / detail", keys: [[.tab]]),
        Command(.focusPrevious, nil, "Focus detail / list", keys: [[.backTab]]),
        Command(.down, nil, "Down", keys: [k("j"), [.down]]),
        Command(.up, nil, "Up", keys: [k("k"), [.up]]),
        Command(.top, "top", "First item", keys: [k("g"), [.home]]),
        Command(.bottom, "bottom", "Last item (loads more)", keys: [k("G"), [.end]]),
        Command(.pageDown, nil, "Page down", keys: [[.pageDown]]),
        Command(.pageUp, nil, "Page up", keys: [[.pageUp]]),
        Command(.halfDown, nil, "Half page down", keys: [[.ctrl("d")]]),
        Command(.halfUp, nil, "Half page up", keys: [[.ctrl("u")]]),
        Command(.open, nil, "Open; in the detail fold / unfold, or show a long text whole", keys: [[.enter]]),
        Command(.back, nil, "Back, close, cancel request", keys: [[.esc]]),
        Command(.toggle, nil, "Fold / unfold (a long text: whole / one line)", keys: [k("za")], focus: .detail),
        Command(.expand, nil, "Unfold, or show a long text whole", keys: [k("l"), [.right]], focus: .detail),
        Command(.collapse, nil, "Fold, or go to the enclosing field", keys: [k("h"), [.left]], focus: .detail),
        Command(.scrollRight, nil, "Columns to the right (› counts the hidden ones)", keys: [k("l"), [.right]], focus: .list),
        Command(.scrollLeft, nil, "Columns to the left", keys: [k("h"), [.left]], focus: .list),
        Command(.foldAll, "fold", "Fold all", keys: [k("zM")], focus: .detail),
        Command(.unfoldAll, "unfold", "Unfold all", keys: [k("zR")], focus: .detail),
        Command(.query, nil, "Query (selector, pattern, text, prefix)", keys: [k("/")]),
        Command(.palette, nil, "Command palette", keys: [k(":")]),
        Command(.help, "help", "Help", keys: [k("?")]),
        Command(.refresh, "refresh", "Refresh from the server", keys: [k("r")]),
        Command(.copyID, "copy-id", "Copy the id / key", keys: [k("y")], focus: .list),
        Command(.copyValue, "copy", "Copy the whole value", keys: [k("Y")]),
        Command(.copyField, "copy-field", "Copy the field's value under the cursor", keys: [k("yy")], focus: .detail),
        Command(.copyPath, "copy-path", "Copy the field's path (cast.2.name)", keys: [k("yp")], focus: .detail),
        Command(.quit, "quit", "Quit", keys: [k("q"), [.ctrl("c")]]),
        Command(.columns, "columns", "Pick table columns", keys: [k("c")], panes: [.data], argument: .text("FIELD,FIELD…")),
        Command(.layout, "lines", "Table / one line per document", keys: [k("v")], panes: [.data]),
        Command(.setQuery, "query", "Query (as /: terms, sort=, fields=, or Mango JSON)", panes: [.data],
                argument: .text("TEXT")),
        Command(.domain, "domain", "Switch domain", argument: .domain),
        Command(.theme, "theme", "Switch theme", argument: .theme),
        Command(.connect, "connect", "Switch app (saved name or URL)", argument: .connection),
        Command(.mouse, "mouse", "Mouse on/off (wheel scrolls, click selects)"),
        Command(.searchFields, "fields", "Search only these fields", panes: [.search], argument: .text("FIELD,FIELD…")),
        Command(.searchFilter, "filter", "Filter matches (k=v)", panes: [.search], argument: .text("KEY=VALUE…")),
        Command(.download, "download", "Download the object (to the downloads folder)", keys: [k("D")], panes: [.storage], argument: .text("PATH")),
        Command(.upload, "upload", "Upload a local file", keys: [k("U")], panes: [.storage], writes: true, argument: .text("FILE")),
        Command(.openPath, "open", "Open an object by name (D then downloads it)", keys: [k("o")], panes: [.storage], argument: .text("NAME")),
        Command(.toggleStatus, "status", "READY / ERROR jobs", keys: [k("t")], panes: [.queue]),
        Command(.retry, "retry", "Retry job(s)", keys: [k("R")], panes: [.queue], writes: true),
        Command(.cancelJob, "cancel", "Cancel job(s) (asks first, naming them)", keys: [k("x")], panes: [.queue], writes: true),
        Command(.select, nil, "Select for a bulk retry, cancel or delete", keys: [k(" ")], panes: [.data, .cache, .search, .queue], focus: .list),
        Command(.watch, "watch", "Watch (refresh every 2 s)", keys: [k("w")], panes: [.queue]),
        Command(.edit, "edit", "Edit in $VISUAL / $EDITOR", keys: [k("e")], panes: editable, writes: true),
        Command(.add, "add", "Add from a template in the editor", keys: [k("a")], panes: editable, writes: true),
        Command(.delete, "delete", "Delete (asks first; the selection at once)", keys: [k("d")],
                panes: editable.union([.storage]), writes: true),
        Command(.undo, "undo", "Undo the last write made from this tool", keys: [k("u")], writes: true),
        Command(.journal, "journal", "Writes made from this tool (u undoes one)"),
        Command(.drafts, "drafts", "Edits not written yet (reopen or discard)"),
        Command(.find, "find", "Find in every cached document of this app", argument: .text("WORDS")),
        // Dialogs: their keys, in the order their footers show them.
        Command(.writeDraft, nil, "writes it", keys: [k("y")], writes: true, dialogs: [.confirmWrite]),
        Command(.keepDraft, nil, "keeps it as a draft", keys: [k("n"), [.esc], k("q")], dialogs: [.confirmWrite]),
        Command(.overwrite, nil, "overwrite with yours", keys: [k("o")], writes: true, dialogs: [.conflict]),
        Command(.reEdit, nil, "re-edit: yours on top of the server's", keys: [k("r")], dialogs: [.conflict]),
        Command(.cancelConflict, nil, "cancel (keeps the draft)", keys: [k("c"), k("n"), [.esc], k("q")], dialogs: [.conflict]),
        Command(.confirmDelete, nil, "deletes", keys: [k("y")], writes: true, dialogs: [.confirmDelete]),
        Command(.keepDocuments, nil, "keeps", keys: [k("n"), [.esc], k("q")], dialogs: [.confirmDelete]),
        Command(.confirmCancel, nil, "cancels", keys: [k("y")], writes: true, dialogs: [.confirmCancel]),
        Command(.keepJobs, nil, "keeps", keys: [k("n"), [.esc], k("q")], dialogs: [.confirmCancel]),
        Command(.confirmReplace, nil, "replaces it", keys: [k("y")], writes: true, dialogs: [.confirmReplace]),
        Command(.keepObject, nil, "keeps it", keys: [k("n"), [.esc], k("q")], dialogs: [.confirmReplace]),
        Command(.dialogDown, nil, "down", keys: [k("j"), [.down]], dialogs: [.journal, .drafts, .found, .conflict, .journalEntry]),
        Command(.dialogUp, nil, "up", keys: [k("k"), [.up]], dialogs: [.journal, .drafts, .found, .conflict, .journalEntry]),
        Command(.dialogPageDown, nil, "page down", keys: [[.pageDown], k(" ")], dialogs: [.conflict, .journalEntry]),
        Command(.dialogPageUp, nil, "page up", keys: [[.pageUp]], dialogs: [.conflict, .journalEntry]),
        Command(.showEntry, nil, "shows before and after", keys: [[.enter]], dialogs: [.journal]),
        Command(.undoEntry, nil, "undoes it", keys: [k("u")], writes: true, dialogs: [.journal, .journalEntry]),
        Command(.backToJournal, nil, "back to the journal", keys: [[.esc], k("q")], dialogs: [.journalEntry]),
        Command(.reopenDraft, nil, "reopens in the editor", keys: [[.enter], k("e")], writes: true, dialogs: [.drafts]),
        Command(.discardDraft, nil, "discards", keys: [k("x"), k("d")], dialogs: [.drafts]),
        Command(.openHit, nil, "opens", keys: [[.enter]], dialogs: [.found]),
        Command(.closeDialog, nil, "closes", keys: [[.esc], k("q")], dialogs: [.journal, .drafts, .found]),
    ]

    public static func command(_ id: CommandID) -> Command {
        all.first { $0.id == id }!
    }

    public static func named(_ name: String) -> Command? {
        all.first { $0.name == name }
    }

    public static var paletteNames: [String] { all.compactMap(\.name) }

    /// Result of feeding a key sequence to the key map.
    public enum Match: Equatable, Sendable {
        case command(CommandID)
        /// The keys so far start a longer binding (`z` of `zM`): wait for the next key.
        case prefix
        case none
    }

    public static func match(_ keys: [Key], pane: Pane, focus: Focus) -> Match {
        match(keys, among: all.filter { $0.applies(pane: pane, focus: focus) })
    }

    /// The key's command in an open dialog.
    public static func match(_ keys: [Key], dialog: DialogKind) -> Match {
        match(keys, among: help(dialog: dialog))
    }

    private static func match(_ keys: [Key], among commands: [Command]) -> Match {
        var isPrefix = false
        for command in commands {
            for binding in command.keys {
                if binding == keys { return .command(command.id) }
                if binding.count > keys.count, Array(binding.prefix(keys.count)) == keys { isPrefix = true }
            }
        }
        return isPrefix ? .prefix : .none
    }

    /// Commands for `?` help in this pane: the pane's own first, then those that work everywhere.
    public static func help(pane: Pane) -> [Command] {
        let panes = all.filter { $0.dialogs == nil }
        return panes.filter { $0.panes?.contains(pane) ?? false } + panes.filter { $0.panes == nil }
    }

    /// The keys of a dialog, for its footer and `?`.
    public static func help(dialog: DialogKind) -> [Command] {
        all.filter { $0.dialogs?.contains(dialog) ?? false }
    }
}
