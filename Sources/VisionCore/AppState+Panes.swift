import HyperJSON

/// Uniform access to the focused pane's list and detail, so movement and opening are written once.
extension AppState {
    public var listCount: Int {
        switch pane {
        case .data: data.docs.count
        case .cache: cache.entries.count
        case .search: search.matches.count
        case .storage: storage.entries.count
        case .queue: queue.jobs.count
        }
    }

    public var listCursor: ListCursor {
        get {
            switch pane {
            case .data: data.list
            case .cache: cache.list
            case .search: search.list
            case .storage: storage.list
            case .queue: queue.list
            }
        }
        set {
            switch pane {
            case .data: data.list = newValue
            case .cache: cache.list = newValue
            case .search: search.list = newValue
            case .storage: storage.list = newValue
            case .queue: queue.list = newValue
            }
        }
    }

    public var detail: DetailState {
        get { detail(of: pane) }
        set {
            switch pane {
            case .data: data.detail = newValue
            case .cache: cache.detail = newValue
            case .search: search.detail = newValue
            case .storage: storage.detail = newValue
            case .queue: queue.detail = newValue
            }
        }
    }

    public func detail(of pane: Pane) -> DetailState {
        switch pane {
        case .data: data.detail
        case .cache: cache.detail
        case .search: search.detail
        case .storage: storage.detail
        case .queue: queue.detail
        }
    }

    /// The selected item's id or key (`y`) and whole value (`Y`).
    var selectedCopyable: (id: String, value: String)? {
        let index = listCursor.index
        switch pane {
        case .data:
            guard data.docs.indices.contains(index) else { return nil }
            let doc = data.docs[index]
            return (doc["_id"]?.stringValue ?? "", doc.pretty())
        case .cache:
            guard cache.entries.indices.contains(index) else { return nil }
            return (cache.entries[index].key, cache.entries[index].value.pretty())
        case .search:
            guard search.matches.indices.contains(index) else { return nil }
            let match = search.matches[index]
            return (Self.matchID(match), match.pretty())
        case .storage:
            guard case .object(let object)? = storage.entries[safe: index] else { return nil }
            return (object.name, object.name)
        case .queue:
            guard let job = queue.jobs[safe: index] else { return nil }
            return (QueuePaneState.id(of: job), (job["job"] ?? job).pretty())
        }
    }

    public static func matchID(_ match: JSON) -> String {
        match["id"]?.stringValue ?? match["_id"]?.stringValue ?? match["key"]?.stringValue ?? ""
    }

    /// Keeps every cursor valid after the size or a list changed.
    mutating func clampCursors() {
        let rows = layout.listRows
        data.list.set(data.list.index, count: data.docs.count, rows: rows)
        cache.list.set(cache.list.index, count: cache.entries.count, rows: rows)
        search.list.set(search.list.index, count: search.matches.count, rows: rows)
        storage.list.set(storage.list.index, count: storage.entries.count, rows: rows)
        queue.list.set(queue.list.index, count: queue.jobs.count, rows: rows)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
