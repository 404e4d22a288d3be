import Foundation
import HyperStore

extension AppSession {
    /// `:find TEXT`: cached documents of this app matching every word.
    public func find(_ text: String, limit: Int = 50) throws(SessionError) -> [FindHit] {
        try local { () throws(StoreError) in try pageCache.find(app: app, text: text, limit: limit) }
    }

    /// `:cache clear`: forgets this app's cached pages (the journal and drafts stay).
    public func clearCache() throws(SessionError) {
        try local { () throws(StoreError) in try pageCache.clear(app: app) }
    }
}

/// The CLI's `hyper-vision journal` and `hyper-vision cache-clear`: they work on the files
/// directly, and leave missing files missing (printing an empty journal creates nothing).
public enum StoreCommands {
    /// Every journaled write, oldest first, one compact JSON object per line; of one app when
    /// given.
    public static func journalLines(locations: StoreLocations, app: AppKey? = nil) throws(SessionError) -> [String] {
        guard FileManager.default.fileExists(atPath: locations.journalFile) else { return [] }
        do { return try Journal(path: locations.journalFile).jsonLines(app: app) } catch { throw .store(error) }
    }

    /// Empties the whole page cache; returns how many pages were dropped.
    @discardableResult
    public static func clearCache(locations: StoreLocations) throws(SessionError) -> Int {
        guard FileManager.default.fileExists(atPath: locations.cacheFile) else { return 0 }
        do {
            let cache = try PageCache(path: locations.cacheFile)
            let pages = try cache.statistics().pages
            try cache.clear()
            return pages
        } catch {
            throw .store(error)
        }
    }
}
