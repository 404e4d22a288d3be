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
    /// The query's selector, sort and fields, each named (`/type=book  sort -year  fields _id,title`).
    public var statusQuery: String? {
        guard !queryText.isEmpty else { return nil }
        guard let summary = QueryLanguage.summary(queryText) else { return "/\(queryText)" }
        return (["/" + summary.selector] + [summary.sort.map { "sort \($0)" }, summary.fields.map { "fields \($0)" }].compactMap { $0 })
            .joined(separator: "  ")
    }
    public var tabCount: String { loaded ? " \(docs.count)\(reachedEnd ? "" : "+")" : "" }
    public var emptyText: String { loaded ? (query == nil ? "the domain has no documents" : "no documents match") : "r loads documents" }
    public var hasMore: Bool { loaded && !reachedEnd }
    public var columnHeaders: [String] { lineMode ? ["_id", "document"] : columns.isEmpty ? ["_id"] : columns }
    public var cursorTarget: Int { target ?? list.index }
    public mutating func removeAllItems() {
        docs = PagedRows(pageSize: Self.pageSize); pageStarts = []; lastLoadedID = nil
        reachedEnd = true; target = nil; list = ListCursor()
    }
    public func itemID(at index: Int) -> String? { docs[safe: index]?["_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    /// The document of row `index`; nil past the end or while its page is being read again.
    private func doc(at index: Int) -> JSON? { docs[safe: index].flatMap { $0 == .null ? nil : $0 } }
    public func copyable(at index: Int) -> (id: String, value: String)? {
        doc(at: index).map { ($0["_id"]?.stringValue ?? "", $0.pretty()) }
    }
    public func listItem(at index: Int) -> ListItem? {
        doc(at: index).map { ListItem(id: $0["_id"]?.stringValue ?? "", content: .json($0)) }
    }

    public static func refresh(_ state: inout AppState) -> [Effect] { state.refreshData() }
    public static func refreshInPlace(_ state: inout AppState) -> [Effect] { state.refreshDataInPlace() }
    public static func move(_ state: inout AppState, by delta: Int) -> [Effect] { state.moveData(by: delta) }

    public static func load(_ state: inout AppState, item: String) -> [Effect] {
        guard !item.isEmpty else { return [] }
        return [state.begin(.read(.dataDocument(id: item)), "document \(item)", .dataDocument, subject: item)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] { state.applyDataQuery(text) }
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
    public mutating func removeAllItems() { entries = []; list = ListCursor() }
    public var columnHeaders: [String] { entries.contains { $0.ttl != nil } ? ["key", "value", "ttl"] : ["key", "value"] }
    public func itemID(at index: Int) -> String? { entries[safe: index]?.key }
    public func copyable(at index: Int) -> (id: String, value: String)? { entries[safe: index].map { ($0.key, $0.value.pretty()) } }
    public func listItem(at index: Int) -> ListItem? { entries[safe: index].map { ListItem(id: $0.key, content: .json($0.value)) } }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.cache.loaded = true
        return [state.begin(.read(.cacheQuery(pattern: state.cache.pattern)), "cache keys \(state.cache.pattern)", .cacheList)]
    }

    public static func load(_ state: inout AppState, item: String) -> [Effect] {
        [state.begin(.read(.cacheValue(key: item)), "value \(item)", .cacheValue, subject: item)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] {
        let pattern = text.trimmed
        state.cache.pattern = pattern.isEmpty ? "*" : pattern
        state.cache.list = ListCursor()
        return refresh(&state)
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
    public mutating func removeAllItems() { matches = []; list = ListCursor() }
    /// Score and id, then the stored fields of the first match.
    public var columnHeaders: [String] {
        let shown = matches.first?.objectValue?.keys.filter { !["id", "_id", "score", "terms", "match", "queryTerms"].contains($0) } ?? []
        return ["score", "id"] + shown
    }
    public func itemID(at index: Int) -> String? { matches[safe: index].map(AppState.matchID) }
    public func copyable(at index: Int) -> (id: String, value: String)? { matches[safe: index].map { (AppState.matchID($0), $0.pretty()) } }
    public func listItem(at index: Int) -> ListItem? { matches[safe: index].map { ListItem(id: AppState.matchID($0), content: .json($0)) } }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.search.loaded = true
        guard !state.search.text.isEmpty else { return state.listChanged(.search) }
        let read = HyperRead.searchQuery(text: state.search.text, fields: state.search.fields, filter: state.search.filter)
        return [state.begin(.read(read), "searching", .searchList)]
    }

    public static func load(_ state: inout AppState, item: String) -> [Effect] {
        [state.begin(.read(.searchDocument(key: item)), "document \(item)", .searchDocument, subject: item)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] {
        state.search.text = text.trimmed
        if state.search.text.isEmpty { state.search.matches = [] }
        return refresh(&state)
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
    public mutating func removeAllItems() { objects = []; list = ListCursor() }
    public var columnHeaders: [String] { ["name", "size", "type", "modified"] }
    /// `d` deletes the object under the cursor (never a folder).
    public func target(at index: Int) -> EditTarget? {
        guard case .object(let object)? = entries[safe: index] else { return nil }
        return EditTarget(service: .storage, id: object.name)
    }
    public func copyable(at index: Int) -> (id: String, value: String)? {
        guard case .object(let object)? = entries[safe: index] else { return nil }
        return (object.name, object.name)
    }
    public static func target(item: String) -> EditTarget? {
        item.hasSuffix("/") || item == ".." ? nil : EditTarget(service: .storage, id: item)
    }
    public func listItem(at index: Int) -> ListItem? {
        switch entries[safe: index] {
        case .parent?:
            // A prefix typed with `/` that no object starts with shows only `..`: say so.
            let note = entries.count == 1 ? "no objects under \(folder): Enter goes up a folder" : "Enter goes up a folder"
            return ListItem(id: "..", content: .empty(note), complete: true)
        case .folder(let name)?:
            return ListItem(id: folder + name + "/", content: .empty("a folder: Enter opens it"), complete: true)
        case .object(let object)?:
            return ListItem(id: object.name, content: AppState.objectDetail(object), complete: !AppState.previewable(object))
        case nil:
            return nil
        }
    }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.storage.loaded = true
        return [state.begin(.read(.storageList(prefix: "")), "listing objects", .storageList)]
    }

    public static func open(_ state: inout AppState) -> [Effect] {
        guard let entry = state.storage.entries[safe: state.storage.list.index] else { return [] }
        return state.enterStorageEntry(entry)
    }

    public static func load(_ state: inout AppState, item: String) -> [Effect] {
        guard let object = state.storage.objects.first(where: { $0.name == item }), AppState.previewable(object) else { return [] }
        return [state.begin(.preview(name: item, maxBytes: AppState.previewLimit), "fetching \(item)", .storagePreview, subject: item)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] {
        var folder = text.trimmed
        if !folder.isEmpty && !folder.hasSuffix("/") { folder += "/" }
        state.storage.folder = folder
        state.storage.list = ListCursor()
        return state.listChanged(.storage)
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
    public mutating func removeAllItems() { ready = []; errors = []; list = ListCursor() }
    /// Why a job failed (or, waiting, since when) comes before its payload: the payload is what
    /// gets shortened.
    public var columnHeaders: [String] { ["id", "status", status == .error ? "why" : "queued"] + ["job"] }
    public func itemID(at index: Int) -> String? { jobs[safe: index].map(Self.id(of:)) }
    public func target(at index: Int) -> EditTarget? { nil }
    public func copyable(at index: Int) -> (id: String, value: String)? { jobs[safe: index].map { (Self.id(of: $0), ($0["job"] ?? $0).pretty()) } }
    public func listItem(at index: Int) -> ListItem? {
        jobs[safe: index].map { ListItem(id: Self.id(of: $0), title: "job \(Self.id(of: $0))", content: .json(AppState.jobDetail($0)), complete: true) }
    }

    public static func refresh(_ state: inout AppState) -> [Effect] {
        state.queue.loaded = true
        state.queue.lastRefresh = state.now
        if state.running.values.contains(where: { $0.purpose == .queueList }) { return [] }
        return [state.begin(.queueListing, "queue jobs", .queueList)]
    }

    public static func query(_ state: inout AppState, _ text: String) -> [Effect] { [] }
}
