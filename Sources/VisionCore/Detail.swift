import HyperJSON

/// What the detail area shows for the selected item.
public enum DetailContent: Sendable, Equatable {
    case empty(String)
    case loading(String)
    case json(JSON)
    case text(String)
    /// Label/value lines, for things that have no body to show (binary objects).
    case facts([Fact])
    case failure(String)

    public struct Fact: Sendable, Equatable {
        public let label: String
        public let value: String
        public init(_ label: String, _ value: String) { self.label = label; self.value = value }
    }
}

/// The detail area of one pane: its content, the JSON tree's fold state, and the cursor.
///
/// It shows the item under the list's cursor (`followsList`): the list's copy at once, the
/// whole item once the cursor has rested on it for `AppState.detailDelay` (`loadDue`), so
/// holding `j` asks for one document, not one per row. A `:find` hit or an object opened by
/// name is shown without following the list until the list has the focus again.
public struct DetailState: Sendable, Equatable {
    public var title = ""
    public var content: DetailContent = .empty("Enter opens the selected item")
    public var tree = JSONTreeState()
    public var cursor = ListCursor()
    /// The id of the item shown (document id, key, object name, job id); nil for none. What
    /// the actions act on when the detail has the focus, and what answers are checked against.
    public var item: String?
    public var followsList = true
    /// When the item shown from the list is to be loaded whole (the cursor rests on it).
    public var loadDue: Double?
    public init() {}

    public mutating func show(_ content: DetailContent, title: String, item: String? = nil, followsList: Bool = true) {
        self.title = title
        self.content = content
        self.item = item
        self.followsList = followsList
        loadDue = nil
        tree = JSONTreeState()
        cursor = ListCursor()
    }

    /// New content for the item already shown (its whole version, a refresh): the folds and
    /// the cursor stay where the user left them.
    public mutating func refresh(_ newContent: DetailContent) {
        content = newContent
        cursor.index = min(cursor.index, max(0, lineCount - 1))
    }

    /// Visible lines the cursor moves over: tree nodes for JSON, text lines otherwise.
    public var nodes: [TreeNode] {
        if case .json(let value) = content { return tree.flatten(value) }
        return []
    }

    public var lineCount: Int {
        switch content {
        case .json(let value): tree.flatten(value).count
        case .text(let text): text.split(separator: "\n", omittingEmptySubsequences: false).count
        case .facts(let facts): facts.count
        default: 1
        }
    }
}
