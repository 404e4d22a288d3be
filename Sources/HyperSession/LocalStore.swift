import Foundation
import HyperJSON
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
    private let access: StoreAccess
    private let pageInbox: PageInbox
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
        self.access = access
        let pageInbox = PageInbox(directory: locations.pageInboxDirectory)
        self.pageInbox = pageInbox
        openedPageCache = OpenedOnUse { () throws(StoreError) in
            let cache: PageCache
            do throws(StoreError) {
                cache = try PageCache(path: locations.cacheFile, sizeCap: cacheSizeCap, access: access)
            } catch {
                // The waiting pages are copies of the server's: dropped rather than piling up
                // while the cache cannot take them.
                _ = try? pageInbox.clear()
                throw error
            }
            // The pages CLI commands left since the cache was last opened.
            Self.moveWaitingPages(pageInbox, into: cache)
            return cache
        }
        openedJournal = OpenedOnUse { () throws(StoreError) in try Journal(path: locations.journalFile, access: access) }
        openedDrafts = OpenedOnUse { () throws(StoreError) in try Drafts(directory: locations.draftsDirectory) }
    }

    /// Keeps `answer`, the server's answer to `request` just now, for later reads of the page.
    /// A CLI command that has not opened the cache leaves it in the `PageInbox` (opening the
    /// cache to store one page cost more than the request), and opens the cache to move the
    /// waiting pages in once `PageInbox.drainThreshold` wait; the browser stores it directly.
    public func keep(app: AppKey, request: RequestKey, answer: JSON) throws(StoreError) {
        if access == .serial && !openedPageCache.isOpened,
           let waiting = try? pageInbox.post(app: app, request: request, answer: answer, fetchedAt: Date()) {
            if waiting >= PageInbox.drainThreshold { _ = try pageCache.get() }
            return
        }
        try pageCache.get().store(app: app, request: request, answer: answer)
    }

    /// Moves the pages CLI commands left into the cache now (before `:cache clear`, so that none
    /// comes back after it).
    public func drainPageInbox() throws(StoreError) {
        Self.moveWaitingPages(pageInbox, into: try pageCache.get())
    }

    /// Moves the waiting pages into `cache`. If the cache refuses one, the rest are dropped, for
    /// the same reason as above; the cache is usable all the same.
    private static func moveWaitingPages(_ inbox: PageInbox, into cache: PageCache) {
        do { try inbox.drain(into: cache) } catch { _ = try? inbox.clear() }
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

    /// Whether the part was asked for already (opened or found broken).
    var isOpened: Bool { opened.withLock { $0 != nil } }

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
