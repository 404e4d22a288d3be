import HyperJSON
import HyperModel
import HyperStore

/// One pane of the browser, as a value: its items, cursor, detail, selection, query language,
/// status and hints, and the requests it makes. Everything that differs from pane to pane lives
/// in the five conformances below; the rest of the browser asks `state[pane]` or `pane.model`
/// and never switches over panes. This file's two switches are the one place a `Pane` becomes
/// its state.
public protocol PaneModel: Sendable {
    static var pane: Pane { get }
    /// The one service the pane shows.
    static var service: HyperService { get }
    static var title: String { get }
    /// What `/` asks for in this pane, and its grammar for `?`.
    static var queryPrompt: String { get }
    static var queryGrammar: [String] { get }
    /// The keys the status line recommends here.
    static var hints: [(CommandID, String)] { get }
    /// The service whose documents `e` and `a` edit here; nil where nothing is edited.
    static var editableService: HyperService? { get }

    var list: ListCursor { get set }
    var detail: DetailState { get set }
    var loaded: Bool { get set }
    var itemCount: Int { get }
    /// Ids marked with Space (empty where nothing can be selected).
    var selection: Set<String> { get set }
    /// What `/` starts from.
    var queryText: String { get }
    /// What the status line says of the pane's query or mode; nil for nothing.
    var statusQuery: String? { get }
    /// The count in the pane's tab (`" 42"`); empty until loaded.
    var tabCount: String { get }
    /// What the empty list says (while nothing is loading).
    var emptyText: String { get }
    /// More items exist beyond those loaded (the position shows `+`).
    var hasMore: Bool { get }
    /// Forgets the list (its read failed: what it held belongs to another query).
    mutating func removeAllItems()
    /// The list's columns, left to right (`h`/`l` scroll them; the first always shows).
    var columnHeaders: [String] { get }
    /// The item's id for selection (Space), and what `d` and `e` act on.
    func itemID(at index: Int) -> String?
    func target(at index: Int) -> EditTarget?
    /// What `d`, `e` and `D` act on when the detail shows an item the list does not hold (a
    /// `:find` hit, an object opened by name).
    static func target(item: String) -> EditTarget?
    /// The row's item as the list has it: what the detail shows at once when the cursor moves.
    func listItem(at index: Int) -> ListItem?
    /// Loads `item` whole into the detail (the cursor rested on it, or Enter); nothing where
    /// the list's copy is all there is.
    static func load(_ state: inout AppState, item: String) -> [Effect]
    /// `y` and `Y`: the item's id or key, and its whole value.
    func copyable(at index: Int) -> (id: String, value: String)?

    /// `r` and the first visit: the pane's list from the server.
    static func refresh(_ state: inout AppState) -> [Effect]
    /// `r` where the cursor should stay where it is.
    static func refreshInPlace(_ state: inout AppState) -> [Effect]
    /// Enter on the list.
    static func open(_ state: inout AppState) -> [Effect]
    /// `/` submitted.
    static func query(_ state: inout AppState, _ text: String) -> [Effect]
    /// After a write: the list again, and the open document.
    static func reload(_ state: inout AppState) -> [Effect]
    /// Shows a `:find` hit of this pane's service; nil when it cannot (then the hit is named).
    static func show(_ state: inout AppState, _ hit: FindHit) -> [Effect]?
    /// Esc when nothing else is open: a level up, if the pane has levels.
    static func back(_ state: inout AppState) -> [Effect]?
    /// Esc on the list with an active query: the query is cleared (nil when there is none).
    static func clearQuery(_ state: inout AppState) -> [Effect]?
    /// The cursor moves by `delta` in the list.
    static func move(_ state: inout AppState, by delta: Int) -> [Effect]
    /// Where the next move counts from.
    var cursorTarget: Int { get }
}

extension PaneModel {
    public static var editableService: HyperService? { nil }
    public var selection: Set<String> { get { [] } set {} }
    public var hasMore: Bool { false }
    public var cursorTarget: Int { list.index }
    public func itemID(at index: Int) -> String? { nil }
    public func target(at index: Int) -> EditTarget? { itemID(at: index).flatMap { id in Self.editableService.map { EditTarget(service: $0, id: id) } } }
    public static func target(item: String) -> EditTarget? { editableService.map { EditTarget(service: $0, id: item) } }
    public static func load(_ state: inout AppState, item: String) -> [Effect] { [] }
    public static func open(_ state: inout AppState) -> [Effect] { state.openItem() }
    public static func refreshInPlace(_ state: inout AppState) -> [Effect] { refresh(&state) }
    /// The list again (where the cursor was) and the item shown, whole.
    public static func reload(_ state: inout AppState) -> [Effect] {
        refreshInPlace(&state) + (state[pane].detail.item.map { load(&state, item: $0) } ?? [])
    }
    /// The hit under the list's cursor when the list holds it, else on its own.
    public static func show(_ state: inout AppState, _ hit: FindHit) -> [Effect]? {
        guard editableService != nil else { return nil }
        return state.showItem(hit.id, in: pane)
    }
    public static func back(_ state: inout AppState) -> [Effect]? { nil }
    public static func clearQuery(_ state: inout AppState) -> [Effect]? {
        guard !state[pane].queryText.isEmpty else { return nil }
        state.say("query cleared")
        return query(&state, "")
    }
    public static func move(_ state: inout AppState, by delta: Int) -> [Effect] {
        state[pane].list.move(by: delta, count: state[pane].itemCount, rows: state.layout.listRows)
        return []
    }
}

/// A row's item as the list has it, for the detail.
public struct ListItem: Sendable, Equatable {
    /// What the detail's `item` becomes.
    public let id: String
    public let title: String
    public let content: DetailContent
    /// The list's copy is the whole item: it is never loaded, and replaces what is shown when
    /// the list changes (a queue job's attempts, a folder).
    public let complete: Bool
    public init(id: String, title: String? = nil, content: DetailContent, complete: Bool = false) {
        self.id = id; self.title = title ?? id; self.content = content; self.complete = complete
    }
}

extension Pane {
    /// The pane's state type: where its behaviour lives.
    public var model: any PaneModel.Type {
        switch self {
        case .data: DataPaneState.self
        case .cache: CachePaneState.self
        case .search: SearchPaneState.self
        case .storage: StoragePaneState.self
        case .queue: QueuePaneState.self
        }
    }

    /// The pane of a service.
    public init(service: HyperService) {
        self = Pane.allCases.first { $0.model.service == service }!
    }

    public var title: String { model.title }
    public var queryPrompt: String { model.queryPrompt }
    public var queryGrammar: [String] { model.queryGrammar }
    public var editableService: HyperService? { model.editableService }
}

extension AppState {
    /// The state of `pane`.
    public subscript(pane: Pane) -> any PaneModel {
        get {
            switch pane {
            case .data: data
            case .cache: cache
            case .search: search
            case .storage: storage
            case .queue: queue
            }
        }
        set {
            switch newValue {
            case let value as DataPaneState: data = value
            case let value as CachePaneState: cache = value
            case let value as SearchPaneState: search = value
            case let value as StoragePaneState: storage = value
            case let value as QueuePaneState: queue = value
            default: break
            }
        }
    }
}
