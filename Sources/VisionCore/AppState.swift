import HyperJSON

/// Whether the app answers.
public enum OnlineStatus: Sendable, Equatable {
    case connecting, online, offline
}

/// A request in flight: what the status line shows while it runs, and what its answer is for.
public struct RunningRequest: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case info
        case dataPage(reset: Bool)
        /// A data page dropped from memory, read again because the list shows it.
        case dataPageIn(page: Int)
        case dataDocument
        case cacheList, cacheValue
        case searchList, searchDocument
        case storageList, storagePreview, transfer
        case queueList, queueAction
        /// A step of an edit, delete, undo, or a journal/drafts listing.
        case edit
        /// Writing a draft: when it fails, the draft stays and the message says so.
        case commit
    }
    public let title: String
    public let started: Double
    public let purpose: Purpose
    /// The item a detail load is for: its answer is shown only while the detail shows that item.
    public var subject: String? = nil
}

extension RunningRequest.Purpose {
    /// The pane whose page or document the request loads.
    var pane: Pane? {
        switch self {
        case .dataPage, .dataPageIn, .dataDocument: .data
        case .cacheList, .cacheValue: .cache
        case .searchList, .searchDocument: .search
        case .storageList, .storagePreview: .storage
        case .queueList: .queue
        case .info, .transfer, .queueAction, .edit, .commit: nil
        }
    }

    /// It loads a pane's list (a data page, keys, matches, objects, jobs).
    var loadsList: Bool {
        switch self {
        case .dataPage, .cacheList, .searchList, .storageList, .queueList: true
        default: false
        }
    }

    /// It loads the item of a pane's detail.
    var loadsDetail: Bool {
        switch self {
        case .dataDocument, .cacheValue, .searchDocument, .storagePreview: true
        default: false
        }
    }
}

/// The one-line prompt for `/` and `:` (and the inputs that ask for a path).
public struct PromptState: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case query(Pane)
        case command
        /// A value for a command that needs one (`D` asks where to save).
        case argument(CommandID)
    }
    public var kind: Kind
    /// The text being edited: a pre-filled text starts selected (see `LineEditor`).
    public var line: LineEditor
    public var label: String
    public var completions: [String] = []
    public var completionIndex: Int?
    public var historyIndex: Int?
    public init(kind: Kind, text: String = "", label: String) { self.kind = kind; line = LineEditor(text); self.label = label }

    public var text: String { line.text }
}

public struct Message: Sendable, Equatable {
    public let text: String
    public let isError: Bool
}

/// Everything the browser shows and knows. `update` is the only thing that changes it.
public struct AppState: Sendable, Equatable {
    public var connection: ConnectionInfo
    public var online: OnlineStatus = .connecting
    public var width: Int
    public var height: Int
    public var now: Double
    public var pane: Pane = .data
    public var focus: Focus = .list
    public var data = DataPaneState()
    public var cache = CachePaneState()
    public var search = SearchPaneState()
    public var storage = StoragePaneState()
    public var queue = QueuePaneState()
    public var prompt: PromptState?
    /// Scroll offset of the help overlay; nil when closed.
    public var helpTop: Int?
    /// A question over the panes (confirm a write, a conflict, the journal, the drafts).
    public var dialog: Dialog?
    public var message: Message?
    public var running: [RequestID: RunningRequest] = [:]
    /// Running requests whose cached answer is shown: the server's answer refreshes it in place.
    public var servedFromCache: Set<RequestID> = []
    /// When the page shown in each pane was fetched, while it comes from the page cache (the
    /// status line shows its age); removed once the server's answer replaces it.
    public var cachedAt: [Pane: Double] = [:]
    /// Why a pane's list is empty when its read failed (offline and never cached, a refused
    /// query): said in the list and the detail instead of older results under the new name.
    public var listProblems: [Pane: String] = [:]
    public var nextRequest: RequestID = 1
    /// Keys typed so far of a multi-key binding (`z` of `zM`).
    public var pendingKeys: [Key] = []
    public var theme: String
    public var themeNames: [String]
    public var savedConnections: [String]
    public var knownDomains: [String]
    /// Per prompt kind (`query-data`, `command`): newest last.
    public var history: [String: [String]] = [:]
    public var quitting = false
    /// Off by default: reporting the mouse steals the terminal's text selection.
    public var mouse = false
    /// Where `D` saves unless given a full path (the runtime finds the user's downloads folder).
    public var downloadFolder = "~"

    public init(connection: ConnectionInfo, width: Int, height: Int, now: Double, theme: String = "default",
                themeNames: [String] = [], savedConnections: [String] = []) {
        self.connection = connection
        self.width = width
        self.height = height
        self.now = now
        self.theme = theme
        self.themeNames = themeNames
        self.savedConnections = savedConnections
        self.knownDomains = [connection.domain]
    }

    public var layout: ScreenLayout { ScreenLayout(width: width, height: height) }
    public var isBusy: Bool { !running.isEmpty }

    /// The oldest running request: the one the status line reports and `Esc` cancels first.
    public var oldestRunning: (id: RequestID, request: RunningRequest)? {
        running.min { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
