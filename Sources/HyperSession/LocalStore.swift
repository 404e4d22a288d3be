import HyperStore

/// The local state files shared by every app of one process: the page cache, the journal and
/// the drafts folder, opened at their XDG places. Open it once and hand it to each `AppSession`.
public struct LocalStore: Sendable {
    public let locations: StoreLocations
    public let pageCache: PageCache
    public let journal: Journal
    public let drafts: Drafts

    public init(locations: StoreLocations, cacheSizeCap: Int = PageCache.defaultSizeCap) throws(SessionError) {
        self.locations = locations
        do {
            pageCache = try PageCache(path: locations.cacheFile, sizeCap: cacheSizeCap)
            journal = try Journal(path: locations.journalFile)
            drafts = try Drafts(directory: locations.draftsDirectory)
        } catch {
            throw .store(error)
        }
    }
}
