import HyperJSON

/// The focused pane's list and detail, through its `PaneModel`, so movement and opening are
/// written once.
extension AppState {
    public var listCount: Int { self[pane].itemCount }

    public var listCursor: ListCursor {
        get { self[pane].list }
        set { self[pane].list = newValue }
    }

    public var detail: DetailState {
        get { self[pane].detail }
        set { self[pane].detail = newValue }
    }

    public func detail(of pane: Pane) -> DetailState { self[pane].detail }

    /// What an empty list of `pane` says: why its read failed, else the pane's own words.
    public func emptyText(of pane: Pane) -> String { listProblems[pane] ?? self[pane].emptyText }

    /// The selected item's id or key (`y`) and whole value (`Y`): the detail's item when it has
    /// the focus and shows one the list's cursor is not on.
    var selectedCopyable: (id: String, value: String)? {
        guard let item = detailItemSelected else { return self[pane].copyable(at: listCursor.index) }
        switch detail.content {
        case .json(let value): return (item, value.pretty())
        case .text(let text): return (item, text)
        default: return (item, item)
        }
    }

    public static func matchID(_ match: JSON) -> String {
        match["id"]?.stringValue ?? match["_id"]?.stringValue ?? match["key"]?.stringValue ?? ""
    }

    /// Keeps every cursor valid after the size or a list changed.
    mutating func clampCursors() {
        let rows = layout.listRows
        for pane in Pane.allCases {
            let count = self[pane].itemCount
            self[pane].list.set(self[pane].list.index, count: count, rows: rows)
        }
    }
}

extension RandomAccessCollection where Index == Int {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
