import HyperJSON
import HyperModel

/// The data pane: documents paged in as the user scrolls. Only the pages near the cursor are
/// kept in memory (`pagesKept`); the view draws only the visible rows, so a 100,000-document
/// domain costs what its visible rows and a window of pages cost.
public struct DataPaneState: Sendable, Equatable {
    public static let pageSize = 100
    /// Pages kept in memory on each side of the cursor's page. A page farther away is dropped
    /// (the page cache on disk keeps it) and read again when the list shows it: memory stays
    /// flat however far the user scrolls (issue 9, goal 2).
    public static let pagesKept = 5

    /// The rows, held only for the pages in memory.
    public var docs = PagedRows(pageSize: pageSize)
    /// The first `_id` of every page loaded, dropped or not: where a dropped page is read again
    /// from (the list by `_id` pages by startkey). One short string per page of 100 rows.
    public var pageStarts: [String] = []
    /// The last `_id` loaded, where the next page starts (its page may have been dropped).
    public var lastLoadedID: String?
    /// The startkey of the next page being loaded: the answer's first document when it is the
    /// one already loaded (startkey is inclusive).
    public var pageStartKey: String?
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

    /// The rows held in memory.
    public var rowsHeld: Int { docs.rowsHeld }
    /// The pages whose rows are in memory.
    public var residentPages: Dictionary<Int, [JSON]>.Keys { docs.residentPages }

    /// Replaces the rows from `start` on (page-aligned) with `rows` just loaded: their pages in
    /// memory, their first ids kept.
    mutating func load(_ rows: [JSON], from start: Int) {
        docs.removeRows(from: start)
        docs.append(contentsOf: rows)
        let firstPage = start / Self.pageSize
        pageStarts.removeSubrange(min(firstPage, pageStarts.count)...)
        for row in stride(from: firstPage * Self.pageSize, to: docs.count, by: Self.pageSize) {
            pageStarts.append(docs[row]["_id"]?.stringValue ?? "")
        }
        if docs.count > start {
            lastLoadedID = docs.last?["_id"]?.stringValue
        } else if docs.isEmpty {
            lastLoadedID = nil
        }
    }

    /// Drops the pages farther than `pagesKept` from `row`'s page.
    mutating func dropPages(farFrom row: Int) {
        let center = row / Self.pageSize
        for page in Array(docs.residentPages) where abs(page - center) > Self.pagesKept {
            docs.drop(page: page)
        }
    }

    /// Fields of the documents in first-seen order, `_id` first: the table's default columns.
    public static func inferColumns(_ docs: some Collection<JSON>, limit: Int = 12) -> [String] {
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
