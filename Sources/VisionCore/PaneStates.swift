import HyperJSON
import HyperModel

/// The data pane: documents paged in as the user scrolls. Only loaded pages are kept; the view
/// draws only the visible rows, so a 100,000-document domain costs what its visible rows cost.
public struct DataPaneState: Sendable, Equatable {
    public static let pageSize = 100

    public var docs: [JSON] = []
    public var list = ListCursor()
    public var detail = DetailState()
    /// The active Mango query; nil lists the domain by `_id` (startkey paging).
    public var query: DataQuery?
    /// The query as typed, for the status line and history.
    public var queryText = ""
    public var reachedEnd = false
    /// The request loading the next page, if any (one at a time).
    public var pageRequest: RequestID?
    /// Where the cached version of the page being loaded starts in `docs`: the server's version
    /// replaces it from there.
    public var cachedPageStart: Int?
    /// Where the cursor was sent beyond what is loaded (`G`, fast scrolling): pages keep
    /// loading until it is reached or the data ends.
    public var target: Int?
    /// Table columns; inferred from the first page unless picked with `c`.
    public var columns: [String] = []
    public var columnsPicked = false
    /// One line per document instead of a table.
    public var lineMode = false
    public var loaded = false
    /// Ids marked with Space for a bulk delete.
    public var selected: Set<String> = []
    public init() {}

    /// Fields of the documents in first-seen order, `_id` first: the table's default columns.
    public static func inferColumns(_ docs: [JSON], limit: Int = 12) -> [String] {
        var seen: [String] = ["_id"]
        for doc in docs.prefix(50) {
            guard let object = doc.objectValue else { continue }
            for key in object.keys where !seen.contains(key) {
                seen.append(key)
                if seen.count == limit { return seen }
            }
        }
        return seen
    }
}

public struct CachePaneState: Sendable, Equatable {
    public var entries: [CacheEntry] = []
    public var list = ListCursor()
    public var detail = DetailState()
    public var pattern = "*"
    public var loaded = false
    /// Ids marked with Space for a bulk delete.
    public var selected: Set<String> = []
    public init() {}
}

public struct SearchPaneState: Sendable, Equatable {
    public var matches: [JSON] = []
    public var list = ListCursor()
    public var detail = DetailState()
    public var text = ""
    public var fields: [String]?
    public var filter: JSON?
    public var loaded = false
    /// Ids marked with Space for a bulk delete.
    public var selected: Set<String> = []
    public init() {}
}

/// A download or upload in flight: drawn as a progress bar with rate and ETA.
public struct Transfer: Sendable, Equatable {
    public enum Direction: Sendable, Equatable { case download, upload }
    public let request: RequestID
    public let direction: Direction
    public let name: String
    public let started: Double
    public var bytes: Int64 = 0
    public var total: Int64?
}

public struct StoragePaneState: Sendable, Equatable {
    /// Every object of the bucket (nano's listing) or those this tool has seen.
    public var objects: [StorageObject] = []
    /// The folder shown, `""` for the top or `docs/` style prefixes.
    public var folder = ""
    public var list = ListCursor()
    public var detail = DetailState()
    /// False when the server cannot list objects: the pane then offers `o` (open path).
    public var canList = true
    public var transfer: Transfer?
    public var loaded = false
    public init() {}

    /// One row of the tree: a sub-folder or an object directly in `folder`.
    public enum Entry: Sendable, Equatable {
        case parent
        case folder(String)
        case object(StorageObject)
    }

    public var entries: [Entry] {
        var folders: [String] = []
        var files: [Entry] = []
        for object in objects where object.name.hasPrefix(folder) {
            let rest = object.name.dropFirst(folder.count)
            if let slash = rest.firstIndex(of: "/") {
                let name = String(rest[..<slash])
                if !folders.contains(name) { folders.append(name) }
            } else {
                files.append(.object(object))
            }
        }
        let up: [Entry] = folder.isEmpty ? [] : [.parent]
        return up + folders.sorted().map { Entry.folder($0) } + files
    }
}

public struct QueuePaneState: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable { case ready = "READY", error = "ERROR" }
    public var ready: [JSON] = []
    public var errors: [JSON] = []
    /// Errors first by default: failing jobs are why one opens this pane.
    public var status: Status = .error
    public var list = ListCursor()
    public var detail = DetailState()
    public var selected: Set<String> = []
    public var watching = false
    public var lastRefresh: Double = 0
    public var loaded = false
    public init() {}

    public var jobs: [JSON] { status == .ready ? ready : errors }

    public static func id(of job: JSON) -> String {
        switch job["id"] {
        case .string(let s)?: s
        case .number(let n)?: n.text
        default: "?"
        }
    }
}
