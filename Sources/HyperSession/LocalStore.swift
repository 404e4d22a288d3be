import HyperStore
import Synchronization

/// The local state files shared by every app of one process: the page cache, the journal and
/// the drafts folder, at their XDG places. Each part opens on its own: a broken page cache
/// never takes the journal or the drafts with it. Each also opens the first time it is asked
/// for, so that a command opens only what it uses: a plain read never opens the journal (an
/// SQLite file costs its opening, and at exit a checkpoint). The browser asks for every part
/// at start (`problems`). Open it once and hand it to each `AppSession`.
public struct LocalStore: Sendable {
    public let locations: StoreLocations
    private let openedPageCache: OpenedOnUse<PageCache>
    private let openedJournal: OpenedOnUse<Journal>
    private let openedDrafts: OpenedOnUse<Drafts>

    public var pageCache: Result<PageCache, StoreError> { openedPageCache.value }
    public var journal: Result<Journal, StoreError> { openedJournal.value }
    public var drafts: Result<Drafts, StoreError> { openedDrafts.value }

    /// `access`: `.serial` for a process that does one thing at a time (a CLI command), which
    /// opens each file with one connection.
    public init(locations: StoreLocations, cacheSizeCap: Int = PageCache.defaultSizeCap, access: StoreAccess = .concurrent) {
        self.locations = locations
        openedPageCache = OpenedOnUse { () throws(StoreError) in
            try PageCache(path: locations.cacheFile, sizeCap: cacheSizeCap, access: access)
        }
        openedJournal = OpenedOnUse { () throws(StoreError) in try Journal(path: locations.journalFile, access: access) }
        openedDrafts = OpenedOnUse { () throws(StoreError) in try Drafts(directory: locations.draftsDirectory) }
    }

    /// The parts that could not be opened, each with what that means for the user.
    public var problems: [LocalStateProblem] {
        var problems: [LocalStateProblem] = []
        if case .failure(let error) = pageCache { problems.append(.unavailable(.pageCache, error)) }
        if case .failure(let error) = journal { problems.append(.unavailable(.journal, error)) }
        if case .failure(let error) = drafts { problems.append(.unavailable(.drafts, error)) }
        return problems
    }
}

/// A part of local state, opened (or found broken) the first time it is asked for, then kept.
private final class OpenedOnUse<Part: Sendable>: Sendable {
    private let open: @Sendable () throws(StoreError) -> Part
    private let opened = Mutex<Result<Part, StoreError>?>(nil)

    init(_ open: @escaping @Sendable () throws(StoreError) -> Part) {
        self.open = open
    }

    var value: Result<Part, StoreError> {
        opened.withLock { opened in
            if let opened { return opened }
            let result = Result { () throws(StoreError) in try open() }
            opened = result
            return result
        }
    }
}

/// The three parts of local state.
public enum LocalPart: String, Sendable, CaseIterable {
    case pageCache = "page cache"
    case journal
    case drafts = "drafts folder"

    /// What the session does without this part.
    var consequence: String {
        switch self {
        case .pageCache: "pages are read from the server only (`hyper-vision cache-clear` starts a new cache)"
        case .journal: "writes are sent without a journal entry and cannot be undone"
        case .drafts: "edits (e, a) are refused until it can be used; nothing typed is lost"
        }
    }
}

/// Something wrong with local state that the user must hear about once: which part, which file
/// (in `detail`), and what the session does about it.
public struct LocalStateProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// nil: this app has no local state at all (its connection cannot name it).
    public let part: LocalPart?
    /// What is wrong, naming the file or folder.
    public let detail: String
    public let consequence: String

    public init(part: LocalPart?, detail: String, consequence: String) {
        self.part = part
        self.detail = detail
        self.consequence = consequence
    }

    /// A part that cannot be opened.
    public static func unavailable(_ part: LocalPart, _ error: StoreError) -> LocalStateProblem {
        LocalStateProblem(part: part, detail: error.description, consequence: part.consequence)
    }

    public var description: String {
        "\(part?.rawValue ?? "local state") unavailable: \(detail); \(consequence)"
    }
}
