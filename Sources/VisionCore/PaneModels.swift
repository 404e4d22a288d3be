import HyperJSON
import HyperModel
import HyperStore

// The five panes' behaviour (see PaneModel).

extension DataPaneState: PaneModel {
    public static let pane = Pane.data
    public static let service = HyperService.data
    public static let title = "Data"
    public static let queryPrompt = "selector"
    public static var queryGrammar: [String] { QueryLanguage.grammar }
    public static let hints: [(CommandID, String)] = [(.query, "query"), (.open, "open"), (.columns, "columns"), (.refresh, "refresh"), (.help, "help")]
    public static let editableService: HyperService? = .data
    public var itemCount: Int { docs.count }
    public var selection: Set<String> { get { selected } set { selected = newValue } }
    public var statusQuery: String? { queryText.isEmpty ? nil : "/\(queryText)" }
    public var tabCount: String { loaded ? " \(docs.count)\(reachedEnd ? "" : "+")" : "" }
    public var emptyText: String { loaded ? "no documents" : "r loads documents" }
    public var hasMore: Bool { loaded && !reachedEnd }
    public var cursorTarget: Int { target ?? list.index }
    public func itemID(at index: Int) -> String? { docs[safe: index]?["_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    public func copyable(at index: Int) -> (id: String, value: String)? {
        docs[safe: index].map { ($0["_id"]?.stringValue ?? "", $0.pretty()) }
    }

    public static func refresh(_ state: inout AppState) -> [Effect] { state.refreshData() }
    public static func refreshInPlace(_ state: inout AppState) -> [Effect] { state.refreshDataInPlace() }
    public static func move(_ state: inout AppState, by delta: Int) -> [Effect] { state.moveData(by: delta) }

    public static func open(_ state: inout AppState) -> [Effect] {
        guard let doc = state.data.docs[safe: state.data.list.index] else { return [] }
        let id = doc["_id"]?.stringValue ?? ""
        state.data.detail.show(.json(doc), title: id)
        state.focus = .detail
        guard !id.isEmpty else { return [] }
        return [state.begin(.read(.dataDocument(id: id)), "document \(id)", .dataDocument)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] { state.applyDataQuery(text) }

    public static func reload(_ state: inout AppState) -> [Effect] {
        let open = state.data.detail.title
        var effects = state.refreshDataInPlace()
        if !open.isEmpty { effects.append(state.begin(.read(.dataDocument(id: open)), "document \(open)", .dataDocument)) }
        return effects
    }

    public static func show(_ state: inout AppState, _ hit: FindHit) -> [Effect]? {
        if let index = state.data.docs.firstIndex(where: { $0["_id"]?.stringValue == hit.id }) {
            state.data.list.set(index, count: state.data.docs.count, rows: state.layout.listRows)
        }
        state.data.detail.show(.loading(hit.id), title: hit.id)
        return [state.begin(.read(.dataDocument(id: hit.id)), "document \(hit.id)", .dataDocument)]
    }
}

extension CachePaneState: PaneModel {
    public static let pane = Pane.cache
    public static let service = HyperService.cache
    public static let title = "Cache"
    public static let queryPrompt = "pattern"
    public static let queryGrammar = ["movie-*   a glob over the keys (* matches anything)"]
    public static let hints: [(CommandID, String)] = [(.query, "pattern"), (.open, "open"), (.copyValue, "copy"), (.refresh, "refresh"), (.help, "help")]
    public static let editableService: HyperService? = .cache
    public var itemCount: Int { entries.count }
    public var selection: Set<String> { get { selected } set { selected = newValue } }
    public var queryText: String { pattern == "*" ? "" : pattern }
    public var statusQuery: String? { "pattern \(pattern)" }
    public var tabCount: String { loaded ? " \(entries.count)" : "" }
    public var emptyText: String { "no keys match \(pattern)" }
    public func itemID(at index: Int) -> String? { entries[safe: index]?.key }
    public func copyable(at index: Int) -> (id: String, value: String)? { entries[safe: index].map { ($0.key, $0.value.pretty()) } }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.cache.loaded = true
        return [state.begin(.read(.cacheQuery(pattern: state.cache.pattern)), "cache keys \(state.cache.pattern)", .cacheList)]
    }

    public static func open(_ state: inout AppState) -> [Effect] {
        guard let entry = state.cache.entries[safe: state.cache.list.index] else { return [] }
        state.cache.detail.show(.loading(entry.key), title: entry.key)
        state.focus = .detail
        return [state.begin(.read(.cacheValue(key: entry.key)), "value \(entry.key)", .cacheValue)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] {
        let pattern = text.trimmed
        state.cache.pattern = pattern.isEmpty ? "*" : pattern
        state.cache.list = ListCursor()
        return refresh(&state)
    }

    public static func reload(_ state: inout AppState) -> [Effect] {
        let open = state.cache.detail.title
        return refresh(&state) + (open.isEmpty ? [] : [state.begin(.read(.cacheValue(key: open)), "value \(open)", .cacheValue)])
    }

    public static func show(_ state: inout AppState, _ hit: FindHit) -> [Effect]? {
        if let index = state.cache.entries.firstIndex(where: { $0.key == hit.id }) {
            state.cache.list.set(index, count: state.cache.entries.count, rows: state.layout.listRows)
        }
        state.cache.detail.show(.loading(hit.id), title: hit.id)
        return [state.begin(.read(.cacheValue(key: hit.id)), "value \(hit.id)", .cacheValue)]
    }
}

extension SearchPaneState: PaneModel {
    public static let pane = Pane.search
    public static let service = HyperService.search
    public static let title = "Search"
    public static let queryPrompt = "search"
    public static let queryGrammar = ["dune sand   words to search for (:fields and :filter narrow it)"]
    public static let hints: [(CommandID, String)] = [(.query, "search"), (.open, "open"), (.refresh, "refresh"), (.help, "help")]
    public static let editableService: HyperService? = .search
    public var itemCount: Int { matches.count }
    public var selection: Set<String> { get { selected } set { selected = newValue } }
    public var queryText: String { text }
    public var statusQuery: String? { text.isEmpty ? nil : "\"\(text)\"" }
    public var tabCount: String { loaded && !text.isEmpty ? " \(matches.count)" : "" }
    public var emptyText: String { text.isEmpty ? "/ searches the index" : "no matches" }
    public func itemID(at index: Int) -> String? { matches[safe: index].map(AppState.matchID) }
    public func copyable(at index: Int) -> (id: String, value: String)? { matches[safe: index].map { (AppState.matchID($0), $0.pretty()) } }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.search.loaded = true
        guard !state.search.text.isEmpty else {
            state.search.detail.show(.empty("/ searches the index"), title: "")
            return []
        }
        let read = HyperRead.searchQuery(text: state.search.text, fields: state.search.fields, filter: state.search.filter)
        return [state.begin(.read(read), "searching", .searchList)]
    }

    public static func open(_ state: inout AppState) -> [Effect] {
        guard let match = state.search.matches[safe: state.search.list.index] else { return [] }
        let id = AppState.matchID(match)
        state.search.detail.show(.json(match), title: id)
        state.focus = .detail
        return [state.begin(.read(.searchDocument(key: id)), "document \(id)", .searchDocument)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] {
        state.search.text = text.trimmed
        return refresh(&state)
    }

    public static func reload(_ state: inout AppState) -> [Effect] {
        let open = state.search.detail.title
        return refresh(&state) + (open.isEmpty ? [] : [state.begin(.read(.searchDocument(key: open)), "document \(open)", .searchDocument)])
    }

    public static func show(_ state: inout AppState, _ hit: FindHit) -> [Effect]? {
        state.search.detail.show(.loading(hit.id), title: hit.id)
        return [state.begin(.read(.searchDocument(key: hit.id)), "document \(hit.id)", .searchDocument)]
    }
}

extension StoragePaneState: PaneModel {
    public static let pane = Pane.storage
    public static let service = HyperService.storage
    public static let title = "Storage"
    public static let queryPrompt = "prefix"
    public static let queryGrammar = ["photos/   the folder to show"]
    public static let hints: [(CommandID, String)] = [(.open, "open"), (.download, "download"), (.upload, "upload"), (.refresh, "refresh"), (.help, "help")]
    public var itemCount: Int { entries.count }
    public var queryText: String { folder }
    public var statusQuery: String? { folder.isEmpty ? nil : folder }
    public var tabCount: String { loaded ? " \(objects.count)" : "" }
    public var emptyText: String { canList ? "no objects" : "this server cannot list objects: o opens one by name" }
    /// `d` deletes the object under the cursor (never a folder).
    public func target(at index: Int) -> EditTarget? {
        guard case .object(let object)? = entries[safe: index] else { return nil }
        return EditTarget(service: .storage, id: object.name)
    }
    public func copyable(at index: Int) -> (id: String, value: String)? {
        guard case .object(let object)? = entries[safe: index] else { return nil }
        return (object.name, object.name)
    }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.storage.loaded = true
        return [state.begin(.read(.storageList(prefix: "")), "listing objects", .storageList)]
    }

    public static func open(_ state: inout AppState) -> [Effect] {
        guard let entry = state.storage.entries[safe: state.storage.list.index] else { return [] }
        return state.enterStorageEntry(entry)
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] {
        var folder = text.trimmed
        if !folder.isEmpty && !folder.hasSuffix("/") { folder += "/" }
        state.storage.folder = folder
        state.storage.list = ListCursor()
        return []
    }

    public static func back(_ state: inout AppState) -> [Effect]? {
        state.storage.folder.isEmpty ? nil : state.enterStorageEntry(.parent)
    }
}

extension QueuePaneState: PaneModel {
    public static let pane = Pane.queue
    public static let service = HyperService.queue
    public static let title = "Queue"
    public static let queryPrompt = "filter"
    public static let queryGrammar: [String] = []
    public static let hints: [(CommandID, String)] = [(.toggleStatus, "ready/error"), (.retry, "retry"), (.cancelJob, "cancel"), (.watch, "watch"), (.help, "help")]
    public var itemCount: Int { jobs.count }
    public var selection: Set<String> { get { selected } set { selected = newValue } }
    public var queryText: String { "" }
    public var statusQuery: String? { "\(status.rawValue) jobs" + (selected.isEmpty ? "" : ", \(selected.count) selected") }
    public var tabCount: String { loaded ? " ✗\(errors.count) ✓\(ready.count)" : "" }
    public var emptyText: String { "no \(status.rawValue) jobs (t toggles)" }
    public func itemID(at index: Int) -> String? { jobs[safe: index].map(Self.id(of:)) }
    public func target(at index: Int) -> EditTarget? { nil }
    public func copyable(at index: Int) -> (id: String, value: String)? { jobs[safe: index].map { (Self.id(of: $0), ($0["job"] ?? $0).pretty()) } }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.queue.loaded = true
        state.queue.lastRefresh = state.now
        if state.running.values.contains(where: { $0.purpose == .queueList }) { return [] }
        return [state.begin(.queueListing, "queue jobs", .queueList)]
    }

    public static func open(_ state: inout AppState) -> [Effect] {
        guard let job = state.queue.jobs[safe: state.queue.list.index] else { return [] }
        state.queue.detail.show(.json(AppState.jobDetail(job)), title: "job \(id(of: job))")
        state.focus = .detail
        return []
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] { [] }
}
