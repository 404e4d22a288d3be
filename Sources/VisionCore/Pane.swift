import HyperModel

/// The five panes, one per hyper service, in tab order (`1`..`5`).
public enum Pane: Int, CaseIterable, Sendable, Hashable {
    case data = 1, cache, search, storage, queue

    public var title: String {
        switch self {
        case .data: "Data"
        case .cache: "Cache"
        case .search: "Search"
        case .storage: "Storage"
        case .queue: "Queue"
        }
    }

    /// The grammar of what `/` takes in this pane, for `?`.
    public var queryGrammar: [String] {
        switch self {
        case .data: QueryLanguage.grammar
        case .cache: ["movie-*   a glob over the keys (* matches anything)"]
        case .search: ["dune sand   words to search for (:fields and :filter narrow it)"]
        case .storage: ["photos/   the folder to show"]
        case .queue: []
        }
    }

    /// What `/` asks for in this pane (its own query language).
    public var queryPrompt: String {
        switch self {
        case .data: "selector"
        case .cache: "pattern"
        case .search: "search"
        case .storage: "prefix"
        case .queue: "filter"
        }
    }
}

/// Which half of the body has the keyboard.
public enum Focus: Sendable, Hashable {
    case list, detail
}
