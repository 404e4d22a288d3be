import Foundation
import HyperStore

extension AppSession {
    /// `:find TEXT`: cached documents of this app matching every word.
    public func find(_ text: String, limit: Int = 50) throws(SessionError) -> [FindHit] {
        let (cache, app) = try requireCache()
        return try local { () throws(StoreError) in try cache.find(app: app, text: text, limit: limit) }
    }

    /// `:cache clear`: forgets this app's cached pages (the journal and drafts stay).
    public func clearCache() throws(SessionError) {
        let (cache, app) = try requireCache()
        try local { () throws(StoreError) in
            try store.drainPageInbox()
            try cache.clear(app: app)
        }
    }
}

/// The CLI's `hyper-vision journal` and `hyper-vision cache-clear`: they work on the files
/// directly, and leave missing files missing (printing an empty journal creates nothing).
public enum StoreCommands {
    /// Every journaled write, oldest first, one compact JSON object per line; of one app when
    /// given.
    public static func journalLines(locations: StoreLocations, app: AppKey? = nil) throws(SessionError) -> [String] {
        guard FileManager.default.fileExists(atPath: locations.journalFile) else { return [] }
        do { return try Journal(path: locations.journalFile).jsonLines(app: app) } catch { throw .localState(.unavailable(.journal, error)) }
    }

    /// What `clearCache` did.
    public enum Cleared: Sendable, Equatable {
        /// The cache was emptied: this many pages were dropped.
        case pages(Int)
        /// The file could not be used as a cache (damaged, truncated, not a database): it was
        /// removed, with its `-wal` and `-shm`, so the next run starts a new one. The cache only
        /// holds copies of what the server has, so nothing is lost.
        case removedDamaged(reason: String)
    }

    /// Empties the whole page cache, and drops the pages waiting to go into it.
    @discardableResult
    public static func clearCache(locations: StoreLocations) throws(SessionError) -> Cleared {
        let path = locations.cacheFile
        let waiting: Int
        do { waiting = try PageInbox(directory: locations.pageInboxDirectory).clear() } catch { throw .store(error) }
        guard FileManager.default.fileExists(atPath: path) else { return .pages(waiting) }
        let cache: PageCache
        do {
            cache = try PageCache(path: path)
        } catch {
            try removeDamagedCache(at: path, because: error)
            return .removedDamaged(reason: error.description)
        }
        do {
            let pages = try cache.statistics().pages
            try cache.clear()
            return .pages(pages + waiting)
        } catch {
            try removeDamagedCache(at: path, because: error)
            return .removedDamaged(reason: error.description)
        }
    }

    /// Removes a cache file that cannot be opened; a folder in its place is the user's and is
    /// left alone (the error says so).
    private static func removeDamagedCache(at path: String, because error: StoreError) throws(SessionError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .store(.io(path: path, reason: "is a folder, not the page cache file: remove or move it"))
        }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            do { try FileManager.default.removeItem(atPath: file) } catch {
                throw .store(.io(path: file, reason: "cannot remove the damaged page cache (\(error.localizedDescription))"))
            }
        }
    }
}
