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
public struct DetailState: Sendable, Equatable {
    public var title = ""
    public var content: DetailContent = .empty("Enter opens the selected item")
    public var tree = JSONTreeState()
    public var cursor = ListCursor()
    public init() {}

    public mutating func show(_ content: DetailContent, title: String) {
        self.title = title
        self.content = content
        tree = JSONTreeState()
        cursor = ListCursor()
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
