/// The files of local state inside the cache and state folders (`AppPaths.store` places them
/// under the XDG folders): the one place that names them.
public struct StoreLocations: Sendable, Equatable {
    /// `$XDG_CACHE_HOME/hyper-vision` (default `~/.cache/hyper-vision`): disposable.
    public let cacheDirectory: String
    /// `$XDG_STATE_HOME/hyper-vision` (default `~/.local/state/hyper-vision`): journal, drafts.
    public let stateDirectory: String

    public init(cacheDirectory: String, stateDirectory: String) {
        self.cacheDirectory = cacheDirectory
        self.stateDirectory = stateDirectory
    }

    public var cacheFile: String { cacheDirectory + "/cache.sqlite" }
    /// `PageInbox`: pages CLI commands read, waiting to go into the cache file.
    public var pageInboxDirectory: String { cacheDirectory + "/inbox" }
    public var journalFile: String { stateDirectory + "/journal.sqlite" }
    public var draftsDirectory: String { stateDirectory + "/drafts" }
    /// `LocalServers`: the identities of servers this tool runs, by address.
    public var serversDirectory: String { stateDirectory + "/servers" }
}
